# Shared compile settings and helpers for Tertulia's targets.

set(TERTULIA_WARNINGS -Wall -Wextra -Wpedantic -Wshadow -Wnon-virtual-dtor -Wold-style-cast
    -Wcast-align -Woverloaded-virtual -Wnull-dereference -Wimplicit-fallthrough)

add_library(tertulia_options INTERFACE)
target_compile_options(tertulia_options INTERFACE ${TERTULIA_WARNINGS})
if(TERTULIA_WERROR)
  target_compile_options(tertulia_options INTERFACE -Werror)
endif()
if(TERTULIA_SANITIZE)
  target_compile_options(tertulia_options INTERFACE -fsanitize=address,undefined
                         -fno-omit-frame-pointer -fno-sanitize-recover=undefined)
  target_link_options(tertulia_options INTERFACE -fsanitize=address,undefined)
endif()
# Headers are included as "core/result.hpp", "store/db.hpp", ...
target_include_directories(tertulia_options INTERFACE ${PROJECT_SOURCE_DIR}/src)
target_compile_definitions(tertulia_options INTERFACE TERTULIA_VERSION="${PROJECT_VERSION}")

# tertulia_library(NAME SOURCES ... DEPS ...): one static library per src/ folder.
function(tertulia_library name)
  cmake_parse_arguments(ARG "" "" "SOURCES;PUBLIC_DEPS;PRIVATE_DEPS" ${ARGN})
  add_library(${name} STATIC ${ARG_SOURCES})
  target_link_libraries(${name} PUBLIC tertulia_options ${ARG_PUBLIC_DEPS} PRIVATE ${ARG_PRIVATE_DEPS})
endfunction()

# tertulia_unit_test(NAME SOURCES ... DEPS ...): a GoogleTest binary labelled `unit`.
function(tertulia_unit_test name)
  cmake_parse_arguments(ARG "" "LABEL" "SOURCES;DEPS" ${ARGN})
  if(NOT ARG_LABEL)
    set(ARG_LABEL unit)
  endif()
  add_executable(${name} ${ARG_SOURCES})
  target_link_libraries(${name} PRIVATE tertulia_options ${ARG_DEPS} GTest::gmock GTest::gtest_main)
  add_test(NAME ${name} COMMAND ${name})
  set_tests_properties(${name} PROPERTIES LABELS ${ARG_LABEL} TIMEOUT 300)
endfunction()
