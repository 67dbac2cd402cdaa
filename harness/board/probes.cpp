#include "board/probes.h"

#include <algorithm>
#include <filesystem>
#include <fstream>

namespace hb::board {
namespace {

namespace fs = std::filesystem;

std::string first_line(const fs::path& p) {
  std::ifstream f(p);
  std::string s;
  std::getline(f, s);
  while (!s.empty() && (s.back() == '\r' || s.back() == ' ')) s.pop_back();
  return s;
}

// Product ids of OpenOCD 0.12's interface/stlink.cfg, by probe generation.
const char* stlink_model(const std::string& pid) {
  if (pid == "3744") return "ST-LINK/V1";
  if (pid == "3748") return "ST-LINK/V2";
  if (pid == "374b" || pid == "3752") return "ST-LINK/V2-1";
  if (pid == "374d" || pid == "374e" || pid == "374f" || pid == "3753" || pid == "3754") return "STLINK-V3";
  return nullptr;
}

}  // namespace

std::vector<Probe> find_probes(const std::string& sys_root) {
  std::vector<Probe> out;
  std::error_code ec;
  for (const auto& e : fs::directory_iterator(fs::path(sys_root) / "bus/usb/devices", ec)) {
    const fs::path d = e.path();
    if (first_line(d / "idVendor") != "0483") continue;
    const char* model = stlink_model(first_line(d / "idProduct"));
    if (!model) continue;
    out.push_back({model, first_line(d / "serial"), d.filename().string()});
  }
  std::sort(out.begin(), out.end(), [](const Probe& a, const Probe& b) { return a.serial < b.serial; });
  return out;
}

}  // namespace hb::board
