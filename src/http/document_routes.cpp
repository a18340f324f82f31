// /api/v1/documents: upload (multipart/form-data), list, read, rename, soft delete, restore and
// download (streamed, with Content-Disposition and byte ranges).
#include <fmt/format.h>

#include <boost/json/array.hpp>
#include <charconv>
#include <fstream>

#include "http/api_routes.hpp"
#include "http/api_support.hpp"
#include "http/crm_json.hpp"
#include "http/crud_routes.hpp"
#include "http/json.hpp"
#include "http/multipart.hpp"
#include "http/problem.hpp"

namespace tertulia::http {
namespace {

namespace json = boost::json;

Result<domain::RecordLink> ReadLink(std::optional<std::string> type,
                                    std::optional<std::string> id) {
  domain::FieldErrors errors;
  std::optional<domain::RecordType> parsed;
  if (type) parsed = domain::ParseEnum<domain::RecordType>(*type);
  errors.Check(parsed.has_value(), "recordType", "must be contact, company or opportunity");
  errors.Check(id && !id->empty(), "recordId", "is required");
  TT_RETURN_IF_ERROR(errors.ToStatus("invalid document"));
  return domain::RecordLink{*parsed, *id};
}

Response Upload(ApiContext& api, Request& request) {
  return WithContext(api, request, [&](const service::RequestContext& ctx) -> Result<Response> {
    TT_RETURN_IF_ERROR(service::Require(ctx, domain::Permission::kWrite, "upload documents"));
    TT_ASSIGN_OR_RETURN(
        auto parts, ParseMultipart(request.HeaderValue("Content-Type").value_or(""), request.body));
    std::optional<std::string> type = QueryString(request, "recordType");
    std::optional<std::string> id = QueryString(request, "recordId");
    const FormPart* file = nullptr;
    for (const auto& part : parts) {
      if (part.name == "recordType") type = std::string(part.body);
      if (part.name == "recordId") id = std::string(part.body);
      if (part.name == "file") file = &part;
    }
    TT_ASSIGN_OR_RETURN(auto link, ReadLink(type, id));
    if (file == nullptr) return Error::InvalidField("file", "is required (a part named file)");
    auto& documents = api.app().documents();
    if (file->body.size() > documents.max_bytes()) {
      return Problem(413, fmt::format("the file is larger than {} bytes", documents.max_bytes()));
    }
    TT_ASSIGN_OR_RETURN(auto document,
                        documents.Upload(ctx, link, file->file_name.value_or(""), file->body));
    Response response = RecordResponse(201, ToJson(document), document.meta.version);
    response.SetHeader("Location", "/api/v1/documents/" + document.meta.id);
    return response;
  });
}

// "attachment; filename="x.pdf"; filename*=UTF-8''x.pdf" for any UTF-8 name.
std::string ContentDisposition(std::string_view name) {
  std::string ascii;
  std::string encoded;
  for (unsigned char c : name) {
    ascii += c < 0x80 && c != '"' && c != '\\' ? static_cast<char>(c) : '_';
    if (std::isalnum(c) ||
        std::string_view("-._~").find(static_cast<char>(c)) != std::string_view::npos) {
      encoded += static_cast<char>(c);
    } else {
      encoded += fmt::format("%{:02X}", c);
    }
  }
  return fmt::format("attachment; filename=\"{}\"; filename*=UTF-8''{}", ascii, encoded);
}

// bytes=first-last, bytes=first-, bytes=-suffix: the one range a download serves.
std::optional<std::pair<uint64_t, uint64_t>> ParseRange(std::string_view header, uint64_t size) {
  if (header.substr(0, 6) != "bytes=" || header.find(',') != std::string_view::npos)
    return std::nullopt;
  std::string_view spec = header.substr(6);
  size_t dash = spec.find('-');
  if (dash == std::string_view::npos || size == 0) return std::nullopt;
  auto number = [](std::string_view text) -> std::optional<uint64_t> {
    uint64_t value = 0;
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (ec != std::errc{} || end != text.data() + text.size()) return std::nullopt;
    return value;
  };
  std::string_view first = spec.substr(0, dash);
  std::string_view last = spec.substr(dash + 1);
  if (first.empty()) {
    auto suffix = number(last);
    if (!suffix || *suffix == 0) return std::nullopt;
    return std::make_pair(size - std::min(*suffix, size), size - 1);
  }
  auto from = number(first);
  if (!from || *from >= size) return std::nullopt;
  uint64_t to = size - 1;
  if (!last.empty()) {
    auto parsed = number(last);
    if (!parsed || *parsed < *from) return std::nullopt;
    to = std::min(*parsed, size - 1);
  }
  return std::make_pair(*from, to);
}

Response Download(ApiContext& api, Request& request) {
  return WithContext(api, request, [&](const service::RequestContext& ctx) -> Result<Response> {
    TT_ASSIGN_OR_RETURN(auto found, api.app().documents().Content(ctx, request.PathParam("id")));
    const auto& [document, path] = found;
    const auto size = static_cast<uint64_t>(document.size);
    Response response;
    response.SetHeader("Content-Type", document.content_type);
    response.SetHeader("Content-Disposition", ContentDisposition(document.file_name));
    response.SetHeader("Accept-Ranges", "bytes");
    response.SetHeader("ETag", "\"" + document.sha256 + "\"");
    response.SetHeader("Cache-Control", "private, no-cache");
    auto range_header = request.HeaderValue("Range");
    if (!range_header) {
      response.file = FileBody{path.string(), size};
      return response;
    }
    auto range = ParseRange(*range_header, size);
    if (!range) {
      Response refused = Problem(
          416,
          fmt::format("the range {} is not within the {} bytes of the file", *range_header, size));
      refused.SetHeader("Content-Range", fmt::format("bytes */{}", size));
      return refused;
    }
    std::ifstream in(path, std::ios::binary);
    in.seekg(static_cast<std::streamoff>(range->first));
    response.body.resize(range->second - range->first + 1);
    in.read(response.body.data(), static_cast<std::streamsize>(response.body.size()));
    if (!in) return Error::Unavailable("the file could not be read", path.string());
    response.status = 206;
    response.SetHeader("Content-Range",
                       fmt::format("bytes {}-{}/{}", range->first, range->second, size));
    return response;
  });
}

void ApplyDocument(const json::object&, domain::Document& d, FieldReader& in) {
  if (auto name = in.String("fileName", 1000)) d.file_name = *name;
}
const std::vector<std::string_view> kDocumentFields = {"fileName"};

}  // namespace

void RegisterDocumentRoutes(Router& router, ApiContext& api) {
  const size_t limit = api.app().documents().max_bytes() + 64 * 1024;  // room for the form
  router.Add(
      Method::kPost, "/api/v1/documents", [&api](Request& r) { return Upload(api, r); },
      RouteOptions{.max_body_bytes = limit});
  CrudResource<domain::Document, service::DocumentService> resource{
      "/api/v1/documents",
      [](service::App& app) -> service::DocumentService& { return app.documents(); },
      [](const domain::Document& d) { return ToJson(d); }, ApplyDocument, kDocumentFields};
  resource.register_create = false;
  RegisterCrud(router, api, std::move(resource));
  router.Add(Method::kGet, "/api/v1/documents", [&api](Request& request) {
    return WithContext(api, request, [&](const service::RequestContext& ctx) -> Result<Response> {
      TT_ASSIGN_OR_RETURN(auto link, ReadLink(QueryString(request, "recordType"),
                                              QueryString(request, "recordId")));
      TT_ASSIGN_OR_RETURN(bool deleted, QueryFlag(request, "deleted"));
      TT_ASSIGN_OR_RETURN(auto documents, api.app().documents().List(ctx, link, deleted));
      json::array items;
      for (const auto& d : documents) items.push_back(ToJson(d));
      return ListResponse(std::move(items), std::nullopt, std::nullopt);
    });
  });
  router.Add(Method::kGet, "/api/v1/documents/{id}/content",
             [&api](Request& r) { return Download(api, r); });
}

}  // namespace tertulia::http
