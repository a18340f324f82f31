#include <fmt/format.h>

#include <cstdio>

#include "cli/commands.hpp"
#include "cli/database.hpp"
#include "core/logging.hpp"
#include "http/api_routes.hpp"
#include "http/server.hpp"
#include "http/static_files.hpp"
#include "service/app.hpp"

namespace tertulia::cli {
namespace {

struct ServeFlags {
  std::optional<std::string> listen;
  std::optional<std::string> threads;
  std::optional<std::string> web_root;
  std::optional<std::string> tls_cert;
  std::optional<std::string> tls_key;
};

std::string Url(const std::string& host, uint16_t port, bool tls) {
  bool ipv6 = host.find(':') != std::string::npos;
  std::string_view scheme = tls ? "https" : "http";
  return ipv6 ? fmt::format("{}://[{}]:{}", scheme, host, port)
              : fmt::format("{}://{}:{}", scheme, host, port);
}

int Serve(const Config& config) {
  auto opened = OpenApp(config);
  if (!opened.ok()) return Fail(opened.error());
  service::App& app = *(*opened)->app;

  MetricsRegistry metrics;
  http::RegisterProcessMetrics(metrics);
  http::Router router;
  const bool tls = !config.http.tls_cert.empty();
  http::RegisterRoutes(router, app, metrics, /*secure_cookies=*/tls);
  http::StaticFiles web(config.web_root);
  http::Server server(config.http, router, metrics,
                      [&web](http::Request& request) { return web.Serve(request); });
  Status listening = server.Listen();
  if (!listening.ok()) return Fail(listening.error());

  std::string url = Url(config.http.host, server.port(), tls);
  log::Info("serving {} from {} with web root {}", url, (*opened)->db->Describe(), config.web_root);
  // The URL on stdout, alone on its line: people click it, scripts and tests read it.
  fmt::print("Tertulia is listening on {}\n", url);
  std::fflush(stdout);
  auto outcome = server.Run();
  log::Info("stopped");
  log::Flush();
  return outcome == http::Server::Outcome::kDrained ? kExitOk : kExitFailure;
}

}  // namespace

CommandRun AddServe(CLI::App& app, CommonOptions& options) {
  auto* command = app.add_subcommand("serve", "Run the HTTP server (API, tracking and web app)");
  AddCommonOptions(*command, options);
  auto flags = std::make_shared<ServeFlags>();
  command->add_option("--listen", flags->listen,
                      "HOST:PORT to listen on (also TERTULIA_LISTEN; default 127.0.0.1:8080)");
  command->add_option("--threads", flags->threads, "I/O threads (default: one per CPU core)");
  command->add_option("--web-root", flags->web_root,
                      "Directory of the web application (default web/dist)");
  command->add_option("--tls-cert", flags->tls_cert,
                      "PEM certificate chain: serve HTTPS (with --tls-key)");
  command->add_option("--tls-key", flags->tls_key, "PEM private key of --tls-cert");
  command->callback([flags, &options] {
    if (flags->tls_cert) options.extra.push_back({"http.tls_cert", *flags->tls_cert, "--tls-cert"});
    if (flags->tls_key) options.extra.push_back({"http.tls_key", *flags->tls_key, "--tls-key"});
    if (flags->listen) options.extra.push_back({"listen", *flags->listen, "--listen"});
    if (flags->threads) options.extra.push_back({"http.threads", *flags->threads, "--threads"});
    if (flags->web_root) options.extra.push_back({"web.root", *flags->web_root, "--web-root"});
  });
  return Serve;
}

int Fail(const Error& error) {
  fmt::print(stderr, "tertulia: {}\n", error.message());
  if (!error.log_detail().empty()) log::Write(log::Level::kError, error.log_detail());
  log::Flush();
  return kExitFailure;
}

}  // namespace tertulia::cli
