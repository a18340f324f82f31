#include "http/problem.hpp"

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>

#include "core/logging.hpp"
#include "http/json.hpp"

namespace tertulia::http {
namespace {

std::string_view StatusTitle(int status) {
  switch (status) {
    case 400:
      return "Bad Request";
    case 401:
      return "Unauthorized";
    case 403:
      return "Forbidden";
    case 404:
      return "Not Found";
    case 405:
      return "Method Not Allowed";
    case 408:
      return "Request Timeout";
    case 409:
      return "Conflict";
    case 412:
      return "Precondition Failed";
    case 413:
      return "Content Too Large";
    case 415:
      return "Unsupported Media Type";
    case 422:
      return "Unprocessable Content";
    case 429:
      return "Too Many Requests";
    case 500:
      return "Internal Server Error";
    case 503:
      return "Service Unavailable";
    default:
      return status < 500 ? "Client Error" : "Server Error";
  }
}

}  // namespace

int StatusFor(ErrorCode code) {
  switch (code) {
    case ErrorCode::kInvalidArgument:
      return 400;
    case ErrorCode::kNotFound:
      return 404;
    case ErrorCode::kAlreadyExists:
      return 409;
    case ErrorCode::kFailedPrecondition:
      return 412;
    case ErrorCode::kAborted:
      return 409;
    case ErrorCode::kUnavailable:
      return 503;
    case ErrorCode::kUnauthenticated:
      return 401;
    case ErrorCode::kPermissionDenied:
      return 403;
    case ErrorCode::kResourceExhausted:
      return 429;
    case ErrorCode::kInternal:
      return 500;
  }
  return 500;
}

Response Problem(int status, std::string_view detail, const std::vector<FieldError>& errors,
                 std::string_view code) {
  boost::json::object body;
  // A URN names the problem type without pretending to a web page; `code` repeats it plainly.
  body["type"] =
      code.empty() ? std::string("about:blank") : "urn:tertulia:problem:" + std::string(code);
  body["title"] = StatusTitle(status);
  body["status"] = status;
  body["detail"] = detail;
  if (!code.empty()) body["code"] = code;
  if (!errors.empty()) {
    boost::json::array list;
    for (const auto& error : errors) {
      list.push_back(boost::json::object{{"field", error.field}, {"message", error.message}});
    }
    body["errors"] = std::move(list);
  }
  Response response = JsonResponse(status, body);
  response.SetHeader("Content-Type", "application/problem+json");
  return response;
}

Response ErrorResponse(const Error& error, const Request& request) {
  int status = StatusFor(error.code());
  std::string detail = error.message();
  if (error.code() == ErrorCode::kInternal) {
    detail = "internal error; quote request id " + request.request_id + " when reporting it";
  }
  if (!error.log_detail().empty() || status >= 500) {
    log::Write(status >= 500 ? log::Level::kError : log::Level::kWarn, "request failed",
               {{"request_id", request.request_id},
                {"route", request.route},
                {"error", error.ToString()}});
  }
  Response response = Problem(status, detail, error.fields(), ErrorCodeName(error.code()));
  if (status == 503) response.SetHeader("Retry-After", "1");
  if (status == 401) response.SetHeader("WWW-Authenticate", "Bearer realm=\"tertulia\"");
  return response;
}

}  // namespace tertulia::http
