# The STM32 board images, included by target-fw/cross/project (one CPU per
# build): hb-fw-stm32h747 and hb-fw-stm32f769 for cortex-m7, hb-fw-stm32u585
# for cortex-m33. Each is an ELF (+ .map) from hb_firmware() plus .bin/.hex
# for flash tools, all copied to HB_FW_OUT next to the other firmware.
#
# hb_stm32_port(<port> IRQS <n> USART_IRQ <n> POOLS <n> [M7])
#   <port>: folder under target-fw/ports and linker script <port>.ld there.
set(HB_STM32_COMMON ${HB_ROOT}/target-fw/ports/stm32-common)
set(HB_STM32_BAUD 921600) # boards/<name>.json link.baud
# USART RX by circular DMA (stm32_dma_rx.h); OFF: by RX interrupt.
option(HB_STM32_RX_DMA "STM32 ports receive by DMA (not yet run on silicon)" ON)
if(HB_STM32_RX_DMA)
  set(HB_STM32_RX_DMA_DEF 1)
else()
  set(HB_STM32_RX_DMA_DEF 0)
endif()

function(hb_stm32_port port)
  cmake_parse_arguments(P "M7" "IRQS;USART_IRQ;POOLS" "" ${ARGN})
  set(dir ${HB_ROOT}/target-fw/ports/${port})
  set(name hb-fw-${port})
  file(GLOB port_sources CONFIGURE_DEPENDS ${dir}/*.c)
  set(sources ${HB_STM32_COMMON}/stm32_startup.c ${HB_STM32_COMMON}/stm32_port.c
              ${HB_STM32_COMMON}/stm32_usart.c ${HB_STM32_COMMON}/stm32_main.c
              ${HB_STM32_COMMON}/stm32_pools.c ${HB_STM32_COMMON}/stm32_iwdg.c
              ${HB_STM32_COMMON}/stm32_fault.c ${HB_ROOT}/target-fw/ports/cortex-m/cm_fault.c ${port_sources})
  if(HB_STM32_RX_DMA)
    list(APPEND sources ${HB_STM32_COMMON}/stm32_dma_rx.c)
  else()
    list(FILTER sources EXCLUDE REGEX "/dma_rx_[a-z0-9]+\\.c$")
  endif()
  if(P_M7)
    list(APPEND sources ${HB_STM32_COMMON}/cm7_cache.c)
  endif()
  include(${HB_ROOT}/cmake/fw_identity.cmake)
  hb_fw_identity(identity ${HB_VERSION} ${port} ${P_IRQS} ${P_POOLS} ${HB_STM32_BAUD})
  hb_firmware(${name}
    LINKER_SCRIPT ${dir}/${port}.ld
    SOURCES ${sources}
    INCLUDES ${dir} ${HB_STM32_COMMON} ${HB_ROOT}/target-fw/ports/cortex-m
    DEFINES "HB_FW_BUILD=\"${identity}\"" HB_NUM_IRQS=${P_IRQS} HB_USART_IRQN=${P_USART_IRQ}
            HB_POOLS=${P_POOLS} HB_BAUD=${HB_STM32_BAUD}u
            HB_STM32_RX_DMA=${HB_STM32_RX_DMA_DEF})
  target_compile_options(${name} PRIVATE -Wall -Wextra -Werror)
  target_link_options(${name} PRIVATE -L${HB_STM32_COMMON} -Wl,--print-memory-usage)
  set_property(TARGET ${name} APPEND PROPERTY LINK_DEPENDS ${HB_STM32_COMMON}/stm32_sections.ld)
  add_custom_command(TARGET ${name} POST_BUILD
    COMMAND arm-none-eabi-objcopy -O binary --only-section=.isr_vector --only-section=.text --only-section=.rodata
            --only-section=.ARM.exidx --only-section=.data $<TARGET_FILE:${name}> $<TARGET_FILE_DIR:${name}>/${name}.bin
    COMMAND arm-none-eabi-objcopy -O ihex --remove-section=.plan --remove-section=.pool*
            $<TARGET_FILE:${name}> $<TARGET_FILE_DIR:${name}>/${name}.hex
    VERBATIM)
  if(HB_FW_OUT)
    add_custom_command(TARGET ${name} POST_BUILD
      COMMAND ${CMAKE_COMMAND} -E copy_if_different $<TARGET_FILE_DIR:${name}>/${name}.bin
              $<TARGET_FILE_DIR:${name}>/${name}.hex $<TARGET_FILE_DIR:${name}>/${name}.map ${HB_FW_OUT}/
      VERBATIM)
  endif()
endfunction()

if(HB_CPU STREQUAL "cortex-m7")
  # RM0399: 150 interrupt lines on the CM7's NVIC, USART1 = 37.
  hb_stm32_port(stm32h747 M7 IRQS 150 USART_IRQ 37 POOLS 3)
  # RM0410: 110 interrupt lines, USART1 = 37.
  hb_stm32_port(stm32f769 M7 IRQS 110 USART_IRQ 37 POOLS 1)
elseif(HB_CPU STREQUAL "cortex-m33")
  # RM0456: 141 interrupt lines (STM32U585), USART1 = 61.
  hb_stm32_port(stm32u585 IRQS 141 USART_IRQ 61 POOLS 1)
endif()
