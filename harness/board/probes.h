// Debug probes attached over USB, for `hilbench boards`: ST-LINKs found in
// sysfs (vendor 0x0483 with one of the product ids OpenOCD's stlink.cfg
// lists), with the serial number a descriptor's flash.probe_serial takes.
#pragma once

#include <string>
#include <vector>

namespace hb::board {

struct Probe {
  std::string model;   // "ST-LINK/V2-1", "STLINK-V3", ...
  std::string serial;  // USB iSerial ("" if the device has none)
  std::string usb;     // sysfs device name, e.g. "1-2.3"
};

// Probes under <sys_root>/bus/usb/devices, sorted by serial. Empty when the
// folder does not exist (no USB, or a container without /sys/bus/usb).
std::vector<Probe> find_probes(const std::string& sys_root = "/sys");

}  // namespace hb::board
