# The QEMU MPS2 boards: mps2-an500 (Cortex-M7) and mps2-an505 (Cortex-M33).
# Same port (ports/qemu-mps2) on both; board.h and the linker script differ.
if(HB_CPU STREQUAL "cortex-m7")
  set(HB_QEMU_BOARD qemu-mps2-an500)
  set(HB_QEMU_LD an500.ld)
elseif(HB_CPU STREQUAL "cortex-m33")
  set(HB_QEMU_BOARD qemu-mps2-an505)
  set(HB_QEMU_LD an505.ld)
endif()

if(HB_QEMU_BOARD)
  set(_ports ${HB_ROOT}/target-fw/ports)
  file(GLOB _qemu_sources CONFIGURE_DEPENDS ${_ports}/cortex-m/*.c ${_ports}/cmsdk/*.c ${_ports}/qemu-mps2/*.c)
  include(${HB_ROOT}/cmake/fw_identity.cmake)
  hb_fw_identity(_qemu_identity ${HB_VERSION} ${HB_QEMU_BOARD} ${HB_CPU})
  hb_firmware(hb-fw-${HB_QEMU_BOARD}
    LINKER_SCRIPT ${_ports}/${HB_QEMU_BOARD}/${HB_QEMU_LD}
    SOURCES ${_qemu_sources}
    INCLUDES ${_ports}/${HB_QEMU_BOARD} ${_ports}/cortex-m ${_ports}/cmsdk ${_ports}/qemu-mps2
    DEFINES "HB_FW_BUILD=\"${_qemu_identity}\"")
endif()
