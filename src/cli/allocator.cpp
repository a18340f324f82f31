#include "cli/allocator.hpp"

#include <fmt/format.h>

#include <cstdlib>
#include <memory>

#ifdef TERTULIA_WITH_MIMALLOC
#include <mimalloc.h>
#endif

namespace tertulia::cli {

std::string DescribeAllocator() {
#ifdef TERTULIA_WITH_MIMALLOC
  int version = mi_version();  // 209 for 2.0.9
  std::string name =
      fmt::format("mimalloc {}.{}.{}", version / 100, version / 10 % 10, version % 10);
  // Linking the shared library is what makes it replace malloc for the whole process (the
  // executable's libraries come before libc in symbol lookup); check that it did.
  std::unique_ptr<void, decltype(&std::free)> probe(std::malloc(64), &std::free);
  if (!mi_is_in_heap_region(probe.get())) return name + " linked, but malloc is the system's";
  return name;
#else
  return "the system's malloc";
#endif
}

void ConfigureAllocator() {
#ifdef TERTULIA_WITH_MIMALLOC
  // By default mimalloc hands freed pages back to the kernel after 25 ms, and takes them again
  // (zeroed, one fault a page) when the next burst comes. Under the tracking API at half its
  // maximum rate that nearly doubled the p99 (a median of 20 ms against 11.7 ms with glibc's
  // malloc; 9.9 to 11.2 ms with decommits off, see bench/RESULTS.md). The process keeps its peak
  // instead, as it does with glibc's malloc. This overrides MIMALLOC_ALLOW_DECOMMIT.
  mi_option_disable(mi_option_allow_decommit);
#endif
}

}  // namespace tertulia::cli
