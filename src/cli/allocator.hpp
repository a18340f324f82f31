#pragma once

#include <string>

namespace tertulia::cli {

// Which allocator serves malloc in this process: "mimalloc 2.0.9" when the build links mimalloc
// and it has taken over malloc, "the system's malloc" otherwise (sanitizer builds, or a build
// configured with TERTULIA_MIMALLOC=OFF), and says so when mimalloc is linked but not in use.
std::string DescribeAllocator();

// Settles the allocator's options before any work: mimalloc keeps the memory it has taken
// instead of returning it to the kernel soon after use (see allocator.cpp). No-op without it.
void ConfigureAllocator();

}  // namespace tertulia::cli
