// The only translation unit that includes Beast and Asio: everything else sees message.hpp.
#include "http/server.hpp"

#include <fmt/format.h>

#include <array>
#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/thread_pool.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <boost/url/parse.hpp>
#include <chrono>
#include <cmath>
#include <mutex>
#include <optional>
#include <set>
#include <thread>
#include <tuple>
#include <unordered_map>

#include "core/id.hpp"
#include "core/logging.hpp"
#include "core/time.hpp"
#include "http/problem.hpp"

namespace tertulia::http {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
using tcp = asio::ip::tcp;
using Strand = asio::strand<asio::io_context::executor_type>;
constexpr auto kNoThrow = asio::as_tuple(asio::use_awaitable);

// What the shutdown code may touch of a live connection. Only on the connection's strand.
struct Connection {
  explicit Connection(Strand s) : strand(std::move(s)) {}
  Strand strand;
  beast::tcp_stream* stream = nullptr;  // null once the connection has ended
  bool idle = false;                    // waiting for the next request
};

std::string_view ServerName() {
  static const std::string name = fmt::format("Tertulia/{}", TERTULIA_VERSION);
  return name;
}

bool IsSafeRequestId(std::string_view id) {
  if (id.empty() || id.size() > 128) return false;
  for (char c : id) {
    bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
              c == '-' || c == '_' || c == '.' || c == ':';
    if (!ok) return false;
  }
  return true;
}

bool IsApiPath(std::string_view path) {
  return path.starts_with("/api/") || path == "/api" || path.starts_with("/v1/");
}

// Fills method, target, path, query and headers; false when the target is not a valid path.
bool ReadRequestLine(const bhttp::request_parser<bhttp::empty_body>::value_type& header,
                     Request& request) {
  request.method = ParseMethod(header.method_string());
  request.target = std::string(header.target());
  for (const auto& field : header) {
    request.headers.push_back({std::string(field.name_string()), std::string(field.value())});
  }
  auto url = boost::urls::parse_origin_form(request.target);
  if (!url) return false;
  request.path = std::string(url->encoded_path());
  for (auto param : url->params()) request.query.emplace_back(param.key, param.value);
  auto id = request.HeaderValue("X-Request-Id");
  request.request_id = id && IsSafeRequestId(*id) ? std::string(*id) : NewId();
  return true;
}

std::string AllowHeader(const std::vector<Method>& allowed) {
  std::string out;
  for (Method m : allowed) {
    if (out.find(MethodName(m)) != std::string::npos) continue;
    out += (out.empty() ? "" : ", ") + std::string(MethodName(m));
  }
  return out;
}

// The answer to a request whose header could not be read, or nothing when there is nobody to
// answer (the peer closed, timed out, or the server is stopping).
std::optional<Response> RefusalFor(const boost::system::error_code& ec, size_t max_header_bytes) {
  if (ec == bhttp::error::header_limit) {
    return Problem(413, fmt::format("request headers larger than {} bytes", max_header_bytes));
  }
  bool parse_error = ec.category() == bhttp::make_error_code(bhttp::error::bad_method).category();
  if (parse_error && ec != bhttp::error::end_of_stream && ec != bhttp::error::partial_message) {
    return Problem(400, fmt::format("malformed HTTP request: {}", ec.message()));
  }
  return std::nullopt;
}

// The browser's defences, on every response: only this origin's scripts, no framing, no MIME
// sniffing, no referrer leaving the site, and with TLS, HTTPS only from now on.
constexpr std::string_view kContentSecurityPolicy =
    "default-src 'self'; img-src 'self' data: blob:; style-src 'self' 'unsafe-inline'; "
    "object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

template <typename Message>
void CopyHeaders(const Response& response, const Request& request, Message& out, bool tls) {
  for (const auto& header : response.headers) out.insert(header.name, header.value);
  out.set(bhttp::field::server, ServerName());
  out.set(bhttp::field::date, FormatHttpDate(SystemClock{}.Now()));
  out.set("X-Request-Id", request.request_id);
  if (response.HeaderValue("Content-Security-Policy") == std::nullopt) {
    out.set("Content-Security-Policy", kContentSecurityPolicy);
  }
  out.set("X-Content-Type-Options", "nosniff");
  out.set("X-Frame-Options", "DENY");
  out.set("Referrer-Policy", "strict-origin-when-cross-origin");
  out.set("Cross-Origin-Opener-Policy", "same-origin");
  if (tls) out.set("Strict-Transport-Security", "max-age=31536000");
}

// Beast reads at most the buffer's free room, and at least 512 bytes: a body read through a
// small buffer costs a system call (and a trip through the reactor) per 512 bytes, a hundred for
// a tracking batch. Room for the declared body, up to 64 KiB, makes that one or two. The room
// stays with the connection, which is likely to send another such body.
void ReserveForBody(beast::flat_buffer& buffer, uint64_t declared) {
  constexpr uint64_t kMaxRoom = 64 * 1024;
  buffer.reserve(buffer.size() + static_cast<size_t>(std::min(declared, kMaxRoom)));
}

}  // namespace

struct Server::Impl {
  Impl(const HttpConfig& c, const Router& r, MetricsRegistry& m, Handler f)
      : config(c),
        router(r),
        metrics(m),
        fallback(std::move(f)),
        waiting(static_cast<size_t>(std::max(1, c.waiting_threads))) {}

  asio::awaitable<void> Accept();
  asio::awaitable<void> Serve(tcp::socket socket, std::shared_ptr<Connection> connection);
  // HTTPS: the TLS handshake, the requests, and the TLS close.
  asio::awaitable<void> ServeTls(beast::tcp_stream tcp, std::shared_ptr<Connection> connection,
                                 const std::string& remote);
  // The requests of one connection, plain or TLS.
  template <typename Stream>
  asio::awaitable<void> ServeRequests(Stream& stream, Connection& connection,
                                      const std::string& remote);
  // Reads and drops what the client still sends after the last response, until it closes.
  asio::awaitable<void> DrainBeforeClose(beast::tcp_stream& stream);
  template <typename Stream>
  asio::awaitable<bool> ServeOne(Stream& stream, beast::flat_buffer& buffer,
                                 bhttp::request_parser<bhttp::empty_body>& head,
                                 const std::string& remote);
  template <typename Stream>
  asio::awaitable<size_t> Write(Stream& stream, const Request& request, Response& response,
                                unsigned version, bool keep_alive);
  Response Dispatch(Request& request, const Router::Match& match);
  // Dispatch on a waiting thread when the route waits for something slow.
  asio::awaitable<Response> DispatchWaiting(Request& request, const Router::Match& match);
  void Record(const Request& request, int status, size_t bytes,
              std::chrono::steady_clock::time_point start);
  struct RouteMetrics {
    Counter* requests;
    Histogram* latency;
  };
  RouteMetrics& MetricsFor(const std::string& method, const std::string& route, int status);
  void BeginShutdown();
  // Handles SIGINT/SIGTERM: the first starts a graceful shutdown, a second cuts it short.
  void WaitForSignal();
  void Forget(const std::shared_ptr<Connection>& connection);

  const HttpConfig& config;
  const Router& router;
  MetricsRegistry& metrics;
  Handler fallback;

  asio::io_context ioc;
  asio::thread_pool waiting;              // handlers that wait (RouteOptions::waits)
  std::optional<asio::ssl::context> tls;  // set when the server speaks HTTPS
  tcp::acceptor acceptor{ioc};
  asio::signal_set signals{ioc};
  asio::steady_timer grace{ioc};
  std::atomic<bool> stopping{false};
  std::atomic<bool> cut{false};
  std::atomic<int64_t> in_flight{0};
  std::mutex connections_mu;
  std::set<std::shared_ptr<Connection>> connections;
};

asio::awaitable<void> Server::Impl::Accept() {
  while (!stopping) {
    Strand strand = asio::make_strand(ioc);
    auto [ec, socket] = co_await acceptor.async_accept(strand, kNoThrow);
    if (ec) {
      if (stopping || ec == asio::error::operation_aborted) co_return;
      log::Warn("accept failed: {}", ec.message());
      // Out of file descriptors and the like: back off instead of spinning.
      asio::steady_timer pause(ioc, std::chrono::milliseconds(50));
      co_await pause.async_wait(kNoThrow);
      continue;
    }
    auto connection = std::make_shared<Connection>(strand);
    {
      std::lock_guard lock(connections_mu);
      connections.insert(connection);
    }
    asio::co_spawn(strand, Serve(std::move(socket), connection),
                   [this, connection](const std::exception_ptr& failure) {
                     if (failure) log::Error("connection ended by an exception");
                     Forget(connection);
                   });
  }
}

asio::awaitable<void> Server::Impl::Serve(tcp::socket socket,
                                          std::shared_ptr<Connection> connection) {
  boost::system::error_code ec;
  auto endpoint = socket.remote_endpoint(ec);
  std::string remote = ec ? std::string("unknown") : endpoint.address().to_string();
  beast::tcp_stream stream(std::move(socket));
  if (tls) {
    co_await ServeTls(std::move(stream), std::move(connection), remote);
    co_return;
  }
  connection->stream = &stream;
  co_await ServeRequests(stream, *connection, remote);
  stream.socket().shutdown(tcp::socket::shutdown_send, ec);
  connection->idle = true;  // a shutdown cancels the drain
  co_await DrainBeforeClose(stream);
  connection->stream = nullptr;
}

// Closing a socket with unread input makes the kernel answer with a reset, which can reach the
// client before it has read our last response (a 413 refused before reading the body: the client
// is still sending it, and sees EPIPE instead of the answer). As nginx's lingering close does,
// the input is read and dropped until the client closes, for a bounded time and amount.
asio::awaitable<void> Server::Impl::DrainBeforeClose(beast::tcp_stream& stream) {
  constexpr size_t kMaxDrained = 16 * 1024 * 1024;
  std::array<char, 16 * 1024> sink{};
  stream.expires_after(std::chrono::seconds(2));
  for (size_t drained = 0; drained < kMaxDrained && !stopping;) {
    auto [ec, bytes] = co_await stream.async_read_some(asio::buffer(sink), kNoThrow);
    if (ec) break;  // the client closed (or the time is up)
    drained += bytes;
  }
}

asio::awaitable<void> Server::Impl::ServeTls(beast::tcp_stream tcp,
                                             std::shared_ptr<Connection> connection,
                                             const std::string& remote) {
  beast::ssl_stream<beast::tcp_stream> stream(std::move(tcp), *tls);
  connection->stream = &stream.next_layer();
  stream.next_layer().expires_after(config.read_timeout);
  auto [handshake_ec] = co_await stream.async_handshake(asio::ssl::stream_base::server, kNoThrow);
  if (!handshake_ec) {
    co_await ServeRequests(stream, *connection, remote);
    stream.next_layer().expires_after(std::chrono::seconds(2));
    co_await stream.async_shutdown(kNoThrow);
  }
  connection->stream = nullptr;
}

template <typename Stream>
asio::awaitable<void> Server::Impl::ServeRequests(Stream& stream, Connection& connection,
                                                  const std::string& remote) {
  beast::flat_buffer buffer;
  bool keep_alive = true;
  while (keep_alive && !stopping) {
    bhttp::request_parser<bhttp::empty_body> head;
    head.header_limit(static_cast<std::uint32_t>(config.max_header_bytes));
    // The body limit depends on the route, checked once the header is in: the header parser
    // must not refuse a large Content-Length by itself (it would answer 400, not 413).
    head.body_limit(boost::none);
    connection.idle = true;
    beast::get_lowest_layer(stream).expires_after(config.idle_timeout);
    auto [read_ec, bytes] = co_await bhttp::async_read_header(stream, buffer, head, kNoThrow);
    connection.idle = false;
    if (read_ec) {
      if (auto refusal = RefusalFor(read_ec, config.max_header_bytes)) {
        Request request;
        request.request_id = NewId();
        request.remote_address = remote;
        request.route = "invalid";
        auto start = std::chrono::steady_clock::now();
        size_t sent = co_await Write(stream, request, *refusal, 11, false);
        Record(request, refusal->status, sent, start);
      }
      break;
    }
    ++in_flight;
    keep_alive = co_await ServeOne(stream, buffer, head, remote);
    --in_flight;
  }
}

template <typename Stream>
asio::awaitable<bool> Server::Impl::ServeOne(Stream& stream, beast::flat_buffer& buffer,
                                             bhttp::request_parser<bhttp::empty_body>& head,
                                             const std::string& remote) {
  auto start = std::chrono::steady_clock::now();
  const auto& header = head.get();
  unsigned version = header.version();
  bool keep_alive = header.keep_alive();
  Request request;
  request.remote_address = remote;
  if (!ReadRequestLine(header, request)) {
    Response bad = Problem(400, "the request target is not a valid path");
    request.route = "invalid";
    size_t sent = co_await Write(stream, request, bad, version, false);
    Record(request, bad.status, sent, start);
    co_return false;
  }
  Router::Match match = router.Find(request.method, request.path);
  size_t limit = match.route != nullptr && match.route->options.max_body_bytes != 0
                     ? match.route->options.max_body_bytes
                     : config.max_body_bytes;

  Response response;
  auto declared = head.content_length();
  if (declared && *declared > limit) {
    // Refused before reading: the unread body makes the connection unusable, so it closes.
    response = Problem(413, fmt::format("request body larger than {} bytes", limit));
    keep_alive = false;
  } else {
    auto expect = request.HeaderValue("Expect");
    if (expect && EqualsIgnoreCase(*expect, "100-continue")) {
      bhttp::response<bhttp::empty_body> proceed{bhttp::status::continue_, version};
      co_await bhttp::async_write(stream, proceed, kNoThrow);
    }
    bhttp::request_parser<bhttp::string_body> parser(std::move(head));
    parser.body_limit(limit);
    boost::system::error_code ec;
    if (!parser.is_done()) {  // a GET has no body to wait for
      ReserveForBody(buffer, declared.value_or(0));
      beast::get_lowest_layer(stream).expires_after(config.read_timeout);
      std::tie(ec, std::ignore) = co_await bhttp::async_read(stream, buffer, parser, kNoThrow);
    }
    if (ec == bhttp::error::body_limit) {
      response = Problem(413, fmt::format("request body larger than {} bytes", limit));
      keep_alive = false;
    } else if (ec) {
      // The peer went away, sent garbage mid-body, or was too slow (the timeout has closed the
      // socket, as nginx does): there is nobody to answer.
      co_return false;
    } else {
      request.body = std::move(parser.get().body());
      response = co_await DispatchWaiting(request, match);
    }
  }
  if (request.route.empty()) request.route = "rejected";
  keep_alive = keep_alive && !stopping;
  size_t sent = co_await Write(stream, request, response, version, keep_alive);
  Record(request, response.status, sent, start);
  co_return keep_alive;
}

asio::awaitable<Response> Server::Impl::DispatchWaiting(Request& request,
                                                        const Router::Match& match) {
  if (match.route == nullptr || !match.route->options.waits) co_return Dispatch(request, match);
  co_return co_await asio::co_spawn(
      waiting, [&]() -> asio::awaitable<Response> { co_return Dispatch(request, match); },
      asio::use_awaitable);
}

Response Server::Impl::Dispatch(Request& request, const Router::Match& match) {
  if (match.route != nullptr) {
    request.route = match.route->pattern;
    request.path_params = match.params;
    try {
      return match.route->handler(request);
    } catch (const std::exception& failure) {
      return ErrorResponse(Error::Internal(failure.what()), request);
    }
  }
  if (!match.allowed.empty()) {
    request.route = "method-not-allowed";
    Response response = request.method == Method::kOptions
                            ? Response::Text(204, "", "text/plain")
                            : Problem(405, fmt::format("{} is not allowed on {}; allowed: {}",
                                                       MethodName(request.method), request.path,
                                                       AllowHeader(match.allowed)));
    response.SetHeader("Allow", AllowHeader(match.allowed));
    return response;
  }
  bool readable = request.method == Method::kGet || request.method == Method::kHead;
  if (readable && fallback && !IsApiPath(request.path)) {
    request.route = "static";
    return fallback(request);
  }
  request.route = "unmatched";
  return Problem(404, fmt::format("no route for {} {}", MethodName(request.method), request.path));
}

template <typename Stream>
asio::awaitable<size_t> Server::Impl::Write(Stream& stream, const Request& request,
                                            Response& response, unsigned version, bool keep_alive) {
  auto status = static_cast<bhttp::status>(response.status);
  bool head_only =
      request.method == Method::kHead || response.status == 204 || response.status == 304;
  uint64_t length = response.file ? response.file->size : response.body.size();
  // A small response fits in the socket buffer and inherits the request's deadline; a large one
  // gives slow readers time in proportion to its size, at 32 KiB/s at least.
  if (length > 64 * 1024) {
    beast::get_lowest_layer(stream).expires_after(config.read_timeout +
                                                  std::chrono::milliseconds(length / 32));
  }
  if (head_only) {
    bhttp::response<bhttp::empty_body> out{status, version};
    CopyHeaders(response, request, out, tls.has_value());
    if (response.status != 204 && response.status != 304) out.content_length(length);
    out.keep_alive(keep_alive);
    co_await bhttp::async_write(stream, out, kNoThrow);
    co_return 0;
  }
  if (response.file) {
    bhttp::response<bhttp::file_body> out{status, version};
    beast::error_code ec;
    out.body().open(response.file->path.c_str(), beast::file_mode::scan, ec);
    if (!ec) {
      CopyHeaders(response, request, out, tls.has_value());
      out.content_length(response.file->size);
      out.keep_alive(keep_alive);
      auto [write_ec, sent] = co_await bhttp::async_write(stream, out, kNoThrow);
      co_return sent;
    }
    response = Problem(404, "the file vanished while being sent");
  }
  bhttp::response<bhttp::string_body> out{status, version};
  CopyHeaders(response, request, out, tls.has_value());
  out.body() = std::move(response.body);
  out.prepare_payload();
  out.keep_alive(keep_alive);
  auto [write_ec, sent] = co_await bhttp::async_write(stream, out, kNoThrow);
  co_return sent;
}

void Server::Impl::Record(const Request& request, int status, size_t bytes,
                          std::chrono::steady_clock::time_point start) {
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::string method(MethodName(request.method));
  RouteMetrics& route = MetricsFor(method, request.route, status);
  route.requests->Increment();
  route.latency->Observe(seconds);
  if (config.access_log) {
    log::Write(log::Level::kInfo, "request",
               {{"method", method},
                {"target", request.target},
                {"status", status},
                {"bytes", static_cast<uint64_t>(bytes)},
                {"ms", std::round(seconds * 1e6) / 1e3},
                {"remote", request.remote_address},
                {"id", request.request_id}});
  }
}

Server::Impl::RouteMetrics& Server::Impl::MetricsFor(const std::string& method,
                                                     const std::string& route, int status) {
  // Each thread keeps the series it has used, so the registry's lock is taken once per series
  // and thread rather than per request.
  thread_local std::unordered_map<std::string, RouteMetrics> cache;
  thread_local uint64_t cached_for = 0;
  if (cached_for != metrics.instance()) {
    cache.clear();
    cached_for = metrics.instance();
  }
  std::string key = fmt::format("{} {} {}", method, route, status);
  auto it = cache.find(key);
  if (it != cache.end()) return it->second;
  Labels labels = {{"method", method}, {"route", route}, {"status", std::to_string(status)}};
  RouteMetrics made{
      &metrics.GetCounter("http_requests_total", "HTTP requests answered.", labels),
      &metrics.GetHistogram("http_request_duration_seconds", "Time to answer an HTTP request.",
                            labels, LatencyBuckets())};
  return cache.emplace(std::move(key), made).first->second;
}

void Server::Impl::BeginShutdown() {
  if (stopping.exchange(true)) return;
  log::Info("shutting down: {} request(s) in flight", in_flight.load());
  boost::system::error_code ignored;
  acceptor.close(ignored);
  std::lock_guard lock(connections_mu);
  for (const auto& connection : connections) {
    asio::post(connection->strand, [connection] {
      if (connection->idle && connection->stream != nullptr) connection->stream->cancel();
    });
  }
  if (connections.empty()) {
    signals.cancel(ignored);
    return;
  }
  grace.expires_after(config.shutdown_grace);
  grace.async_wait([this](boost::system::error_code ec) {
    if (ec) return;  // cancelled: everything drained in time
    cut = true;
    log::Warn("shutdown grace period over; closing the remaining connections");
    ioc.stop();
  });
}

void Server::Impl::Forget(const std::shared_ptr<Connection>& connection) {
  std::lock_guard lock(connections_mu);
  connections.erase(connection);
  if (stopping && connections.empty()) {
    grace.cancel();
    boost::system::error_code ignored;
    signals.cancel(ignored);  // nothing left to wait for: let run() return
  }
}

void Server::Impl::WaitForSignal() {
  signals.async_wait([this](boost::system::error_code ec, int signal) {
    if (ec) return;
    const char* name = signal == SIGTERM ? "SIGTERM" : "SIGINT";
    if (!stopping) {
      log::Info("received {}", name);
      WaitForSignal();  // before BeginShutdown, which cancels it when nothing is in flight
      BeginShutdown();
      return;
    }
    // A second signal: the operator does not want to wait for the requests in flight.
    log::Warn("received {} again; stopping without waiting", name);
    cut = true;
    ioc.stop();
  });
}

Server::Server(const HttpConfig& config, const Router& router, MetricsRegistry& metrics,
               Handler fallback)
    : impl_(std::make_unique<Impl>(config, router, metrics, std::move(fallback))) {
  metrics.AddGauge("http_requests_in_flight", "HTTP requests being served.",
                   [impl = impl_.get()] { return static_cast<double>(impl->in_flight.load()); });
  metrics.AddGauge("http_connections_open", "Open HTTP connections.", [impl = impl_.get()] {
    std::lock_guard lock(impl->connections_mu);
    return static_cast<double>(impl->connections.size());
  });
}

Server::~Server() = default;

Status Server::Listen() {
  boost::system::error_code ec;
  if (!impl_->config.tls_cert.empty()) {
    auto& tls = impl_->tls.emplace(asio::ssl::context::tls_server);
    tls.set_options(asio::ssl::context::default_workarounds | asio::ssl::context::no_sslv2 |
                    asio::ssl::context::no_sslv3 | asio::ssl::context::no_tlsv1 |
                    asio::ssl::context::no_tlsv1_1 | asio::ssl::context::single_dh_use);
    tls.use_certificate_chain_file(impl_->config.tls_cert, ec);
    if (ec) {
      return Error::InvalidField(
          "http.tls_cert", fmt::format("cannot use {}: {}", impl_->config.tls_cert, ec.message()));
    }
    tls.use_private_key_file(impl_->config.tls_key, asio::ssl::context::pem, ec);
    if (ec) {
      return Error::InvalidField(
          "http.tls_key", fmt::format("cannot use {}: {}", impl_->config.tls_key, ec.message()));
    }
  }
  auto address = asio::ip::make_address(impl_->config.host, ec);
  if (ec) {
    tcp::resolver resolver(impl_->ioc);
    auto results = resolver.resolve(impl_->config.host, "", ec);
    if (ec || results.empty()) {
      return Error::InvalidField("listen",
                                 fmt::format("cannot resolve host '{}'", impl_->config.host));
    }
    address = results.begin()->endpoint().address();
  }
  tcp::endpoint endpoint(address, impl_->config.port);
  auto& acceptor = impl_->acceptor;
  acceptor.open(endpoint.protocol(), ec);
  if (!ec) acceptor.set_option(asio::socket_base::reuse_address(true), ec);
  if (!ec) acceptor.bind(endpoint, ec);
  if (!ec) acceptor.listen(asio::socket_base::max_listen_connections, ec);
  if (ec) {
    return Error::Unavailable(fmt::format("cannot listen on {}:{}: {}", impl_->config.host,
                                          impl_->config.port, ec.message()));
  }
  return OkStatus();
}

uint16_t Server::port() const { return impl_->acceptor.local_endpoint().port(); }

Server::Outcome Server::Run() {
  Impl& impl = *impl_;
  impl.signals.add(SIGINT);
  impl.signals.add(SIGTERM);
  impl.WaitForSignal();
  asio::co_spawn(impl.ioc, impl.Accept(), asio::detached);
  int threads = impl.config.threads > 0
                    ? impl.config.threads
                    : static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  std::vector<std::thread> workers;
  for (int i = 1; i < threads; ++i) workers.emplace_back([&impl] { impl.ioc.run(); });
  impl.ioc.run();
  for (auto& worker : workers) worker.join();
  return impl.cut ? Outcome::kCut : Outcome::kDrained;
}

void Server::Stop() {
  asio::post(impl_->ioc, [impl = impl_.get()] { impl->BeginShutdown(); });
}

}  // namespace tertulia::http
