# hb_firmware(<name> LINKER_SCRIPT <file.ld> SOURCES <c files> [INCLUDES <dirs>] [DEFINES <defs>])
#
# One firmware image for this CPU: the board's port sources linked with the
# protocol server (hb_app), the engine (hb_nn) and the codec (hb_proto).
# Produces <name>.elf and <name>.map, prints the section sizes, and copies
# the ELF to HB_FW_OUT (the host build's firmware folder, where
# hb::flash::firmware_dir() looks). The linker script may
# `INCLUDE cm_sections.ld` (target-fw/ports/cortex-m/).
set(HB_CM_DIR ${HB_ROOT}/target-fw/ports/cortex-m)

function(hb_firmware name)
  cmake_parse_arguments(F "" "LINKER_SCRIPT" "SOURCES;INCLUDES;DEFINES" ${ARGN})
  add_executable(${name} ${F_SOURCES})
  set_target_properties(${name} PROPERTIES SUFFIX ".elf"
                                           LINK_DEPENDS "${F_LINKER_SCRIPT};${HB_CM_DIR}/cm_sections.ld")
  target_include_directories(${name} PRIVATE ${F_INCLUDES})
  target_compile_definitions(${name} PRIVATE ${F_DEFINES})
  target_compile_options(${name} PRIVATE -O2 -Wconversion -Wno-sign-conversion)
  target_link_libraries(${name} PRIVATE hb_app hb_nn hb_proto m)
  target_link_options(${name} PRIVATE ${HB_CPU_FLAGS} -nostartfiles --specs=nano.specs -Wl,--gc-sections
                      -Wl,--fatal-warnings -L${HB_CM_DIR} -T${F_LINKER_SCRIPT}
                      -Wl,-Map=$<TARGET_FILE_DIR:${name}>/${name}.map)
  add_custom_command(TARGET ${name} POST_BUILD
    COMMAND ${CMAKE_COMMAND} -E echo "firmware ${name}.elf (${HB_CPU}):"
    COMMAND arm-none-eabi-size $<TARGET_FILE:${name}>
    VERBATIM)
  if(HB_FW_OUT)
    add_custom_command(TARGET ${name} POST_BUILD
      COMMAND ${CMAKE_COMMAND} -E make_directory ${HB_FW_OUT}
      COMMAND ${CMAKE_COMMAND} -E copy_if_different $<TARGET_FILE:${name}> ${HB_FW_OUT}/
      VERBATIM)
  endif()
endfunction()
