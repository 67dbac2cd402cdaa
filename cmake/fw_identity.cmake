# The firmware build identity each firmware reports in INFO.fw_build (at most
# 63 characters): "hb-fw VERSION NAME rev:SOURCE_REVISION cflags:FLAGS_HASH".
# `hilbench check` takes version and compiler flags as comparability key parts
# and reports the revision (harness/check/README.md); the clock configuration
# is INFO.core_clock_hz / timer_hz. The revision is read when CMake configures.
#   hb_fw_identity(<out-var> <version> <name> [extra flag text...])
function(hb_fw_identity out version name)
  set(root "${HB_ROOT}")
  if(NOT root)
    set(root "${CMAKE_SOURCE_DIR}")
  endif()
  execute_process(COMMAND git -C "${root}" rev-parse --short=8 HEAD OUTPUT_VARIABLE rev
                  OUTPUT_STRIP_TRAILING_WHITESPACE ERROR_QUIET RESULT_VARIABLE rc)
  if(NOT rc EQUAL 0 OR rev STREQUAL "")
    set(rev unknown)
  endif()
  string(TOUPPER "${CMAKE_BUILD_TYPE}" bt)
  string(SHA256 flags
         "${CMAKE_C_COMPILER_ID} ${CMAKE_C_COMPILER_VERSION} ${CMAKE_C_FLAGS} ${CMAKE_C_FLAGS_${bt}} ${ARGN}")
  string(SUBSTRING "${flags}" 0 8 flags)
  set(id "hb-fw ${version} ${name} rev:${rev} cflags:${flags}")
  string(LENGTH "${id}" len)
  if(len GREATER 63)
    message(FATAL_ERROR "firmware build identity '${id}' is longer than INFO's 63 characters")
  endif()
  set(${out} "${id}" PARENT_SCOPE)
endfunction()
