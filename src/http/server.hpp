#pragma once

#include <cstdint>
#include <memory>

#include "core/config.hpp"
#include "core/metrics.hpp"
#include "core/result.hpp"
#include "http/router.hpp"

namespace tertulia::http {

// The HTTP/1.1 server: Beast with C++20 coroutines on `config.threads` threads, keep-alive,
// header and body limits (413), read and idle timeouts, an access log, per-route metrics and a
// graceful shutdown on SIGINT/SIGTERM.
class Server {
 public:
  // `fallback` answers GET/HEAD requests that match no route, outside /api/ and /v1/ (the web
  // application). The router, metrics and fallback must outlive the server.
  Server(const HttpConfig& config, const Router& router, MetricsRegistry& metrics,
         Handler fallback);
  ~Server();
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  // Binds and listens on config.host:config.port. kUnavailable when the address is taken.
  Status Listen();
  // The bound port (the real one when config.port was 0). REQUIRES: Listen() succeeded.
  uint16_t port() const;

  enum class Outcome {
    kDrained,  // every request in flight finished
    kCut,      // the grace period ran out and connections were closed
  };
  // Serves until SIGINT/SIGTERM or Stop(). Then it stops accepting, closes idle connections, lets
  // in-flight requests finish within config.shutdown_grace, and returns. REQUIRES: Listen().
  Outcome Run();
  // Starts the same shutdown as SIGTERM. Thread-safe.
  void Stop();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// Registers process gauges: resident and peak memory, virtual memory, open files, CPU time and
// start time (the process_* names Prometheus clients use).
void RegisterProcessMetrics(MetricsRegistry& metrics);

}  // namespace tertulia::http
