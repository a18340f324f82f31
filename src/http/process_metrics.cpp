#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "http/server.hpp"

namespace tertulia::http {
namespace {

// A "Name:   123 kB" line of /proc/self/status, in bytes.
double StatusKilobytes(std::string_view name) {
  std::ifstream status("/proc/self/status");
  std::string line;
  while (std::getline(status, line)) {
    if (line.starts_with(name) && line.size() > name.size() && line[name.size()] == ':') {
      return std::stod(line.substr(name.size() + 1)) * 1024.0;
    }
  }
  return 0;
}

double CpuSeconds() {
  std::ifstream stat("/proc/self/stat");
  std::string text((std::istreambuf_iterator<char>(stat)), std::istreambuf_iterator<char>());
  // Fields after the command name (which may contain spaces) start after the last ')'.
  std::istringstream fields(text.substr(text.rfind(')') + 2));
  std::string field;
  double ticks = 0;
  for (int i = 3; i <= 15 && fields >> field; ++i) {
    if (i == 14 || i == 15) ticks += std::stod(field);  // utime, stime
  }
  return ticks / static_cast<double>(sysconf(_SC_CLK_TCK));
}

double OpenFiles() {
  std::error_code ec;
  double count = 0;
  for (auto it = std::filesystem::directory_iterator("/proc/self/fd", ec);
       !ec && it != std::filesystem::directory_iterator(); it.increment(ec)) {
    ++count;
  }
  return count;
}

}  // namespace

void RegisterProcessMetrics(MetricsRegistry& metrics) {
  double start =
      std::chrono::duration<double>(std::chrono::system_clock::now().time_since_epoch()).count();
  metrics.AddGauge("process_resident_memory_bytes", "Resident memory size in bytes.",
                   [] { return StatusKilobytes("VmRSS"); });
  metrics.AddGauge("process_resident_memory_max_bytes", "Peak resident memory size in bytes.",
                   [] { return StatusKilobytes("VmHWM"); });
  metrics.AddGauge("process_virtual_memory_bytes", "Virtual memory size in bytes.",
                   [] { return StatusKilobytes("VmSize"); });
  metrics.AddGauge("process_open_fds", "Open file descriptors.", OpenFiles);
  metrics.AddGauge("process_start_time_seconds", "Start time since the Unix epoch, in seconds.",
                   [start] { return start; });
  metrics.AddGauge("process_cpu_seconds_total", "User and system CPU time, in seconds.", CpuSeconds,
                   true);
}

}  // namespace tertulia::http
