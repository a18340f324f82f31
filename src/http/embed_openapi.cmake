# Turns openapi.json into a C++ source file at build time (run by CMake in script mode).
file(READ "${INPUT}" TERTULIA_OPENAPI_JSON)
file(WRITE "${OUTPUT}.tmp"
  "// Generated from src/http/openapi.json; edit that file instead.\n"
  "#include <string_view>\n"
  "namespace tertulia::http {\n"
  "std::string_view OpenApiDocument() {\n"
  "  static constexpr std::string_view kDocument = R\"openapi(${TERTULIA_OPENAPI_JSON})openapi\";\n"
  "  return kDocument;\n"
  "}\n"
  "}  // namespace tertulia::http\n")
file(COPY_FILE "${OUTPUT}.tmp" "${OUTPUT}" ONLY_IF_DIFFERENT)
