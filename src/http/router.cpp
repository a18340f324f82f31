#include "http/router.hpp"

#include <algorithm>
#include <cassert>

namespace tertulia::http {
namespace {

std::vector<std::string_view> SplitPath(std::string_view path) {
  std::vector<std::string_view> segments;
  size_t start = 1;  // skip the leading '/'
  while (start <= path.size()) {
    size_t end = path.find('/', start);
    if (end == std::string_view::npos) end = path.size();
    segments.push_back(path.substr(start, end - start));
    start = end + 1;
  }
  return segments;
}

bool IsParam(std::string_view segment) {
  return segment.size() > 2 && segment.front() == '{' && segment.back() == '}';
}

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// How well a route's segments match the path: -1 for no match; otherwise higher is more specific
// (each literal segment counts, earlier ones more).
int Score(const Route& route, const std::vector<std::string_view>& path) {
  if (route.segments.size() != path.size()) return -1;
  int score = 0;
  for (size_t i = 0; i < path.size(); ++i) {
    const std::string& segment = route.segments[i];
    if (IsParam(segment)) {
      if (path[i].empty()) return -1;
      continue;
    }
    if (segment != path[i]) return -1;
    score += 1 << (16 - std::min<size_t>(i, 16));
  }
  return score;
}

}  // namespace

bool PercentDecode(std::string_view in, std::string& out, bool plus_is_space) {
  out.clear();
  out.reserve(in.size());
  for (size_t i = 0; i < in.size(); ++i) {
    char c = in[i];
    if (c == '%') {
      int hi = i + 1 < in.size() ? HexValue(in[i + 1]) : -1;
      int lo = i + 2 < in.size() ? HexValue(in[i + 2]) : -1;
      if (hi < 0 || lo < 0) return false;
      out += static_cast<char>(hi * 16 + lo);
      i += 2;
    } else if (c == '+' && plus_is_space) {
      out += ' ';
    } else {
      out += c;
    }
  }
  return true;
}

void Router::Add(Method method, std::string pattern, Handler handler, RouteOptions options) {
  assert(!pattern.empty() && pattern.front() == '/');
  Route route{method, pattern, {}, std::move(handler), options};
  for (auto segment : SplitPath(pattern)) route.segments.emplace_back(segment);
  assert(std::none_of(routes_.begin(), routes_.end(),
                      [&](const Route& r) { return r.method == method && r.pattern == pattern; }));
  routes_.push_back(std::move(route));
}

Router::Match Router::Find(Method method, std::string_view path) const {
  Match match;
  if (path.empty() || path.front() != '/') return match;
  auto segments = SplitPath(path);
  Method wanted = method == Method::kHead ? Method::kGet : method;
  int best_score = -1;
  int best_any_score = -1;
  for (const Route& route : routes_) {
    int score = Score(route, segments);
    if (score < 0) continue;
    best_any_score = std::max(best_any_score, score);
    if (route.method == wanted && score > best_score) {
      best_score = score;
      match.route = &route;
    }
  }
  if (match.route == nullptr) {
    // 405 only if the best-matching path exists under other methods.
    for (const Route& route : routes_) {
      if (Score(route, segments) == best_any_score && best_any_score >= 0) {
        match.allowed.push_back(route.method);
      }
    }
    if (std::find(match.allowed.begin(), match.allowed.end(), Method::kGet) !=
        match.allowed.end()) {
      match.allowed.push_back(Method::kHead);
    }
    return match;
  }
  for (size_t i = 0; i < segments.size(); ++i) {
    const std::string& segment = match.route->segments[i];
    if (!IsParam(segment)) continue;
    std::string decoded;
    if (!PercentDecode(segments[i], decoded, false)) decoded = std::string(segments[i]);
    match.params.emplace_back(segment.substr(1, segment.size() - 2), std::move(decoded));
  }
  return match;
}

}  // namespace tertulia::http
