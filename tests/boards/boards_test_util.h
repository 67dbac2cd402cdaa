// Helpers for the real-board tests: where the cross-built images are, a
// scratch folder, fake tool scripts, a minimal ELF file.
#pragma once

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "temp_dir.h"
#include "test_paths.h"

namespace hb::boardtest {

namespace fs = std::filesystem;

inline fs::path bin_dir() { return fs::path(HB_TEST_BIN_DIR); }
inline fs::path fw_dir() { return bin_dir() / "target-fw"; }

// Whether this build was configured with the cross builds (the STM32 and
// Linux-board images): then they must exist; without, tests needing them skip.
inline bool cross_configured() {
  std::ifstream f(bin_dir() / "CMakeCache.txt");
  std::string line;
  while (std::getline(f, line))
    if (line.rfind("HB_CROSS:", 0) == 0) return line.find("=ON") != std::string::npos;
  return false;
}

#define HB_REQUIRE_CROSS()                                                                                   \
  do {                                                                                                       \
    if (!hb::boardtest::cross_configured()) GTEST_SKIP() << "configured with HB_CROSS=OFF: no board images"; \
  } while (0)
using ::hb::test::TempDir;

inline void write_text(const fs::path& p, const std::string& s) {
  std::ofstream f(p, std::ios::binary);
  f << s;
}

inline std::string read_text(const fs::path& p) {
  std::ifstream f(p, std::ios::binary);
  std::stringstream ss;
  ss << f.rdbuf();
  return ss.str();
}

// An executable shell script at dir/name.
inline std::string script(const fs::path& dir, const std::string& name, const std::string& body) {
  const fs::path p = dir / name;
  write_text(p, "#!/bin/sh\n" + body + "\n");
  chmod(p.c_str(), 0755);
  return p.string();
}

// The smallest valid ELF32 little-endian file: a header and two section
// headers (null, .shstrtab). No symbols, so no pools and no plan region.
inline std::string tiny_elf(const fs::path& p) {
  std::vector<uint8_t> b(52, 0);
  const char strtab[] = "\0.shstrtab";  // 11 bytes
  b.insert(b.end(), strtab, strtab + sizeof strtab);
  while (b.size() % 4) b.push_back(0);
  const uint32_t shoff = static_cast<uint32_t>(b.size());
  auto put32 = [&](size_t off, uint32_t v) {
    for (int i = 0; i < 4; ++i) b[off + i] = static_cast<uint8_t>(v >> (8 * i));
  };
  auto put16 = [&](size_t off, uint16_t v) {
    b[off] = static_cast<uint8_t>(v);
    b[off + 1] = static_cast<uint8_t>(v >> 8);
  };
  b[0] = 0x7f, b[1] = 'E', b[2] = 'L', b[3] = 'F', b[4] = 1, b[5] = 1, b[6] = 1;
  put16(16, 2);   // ET_EXEC
  put16(18, 40);  // EM_ARM
  put32(20, 1);
  put32(32, shoff);
  put16(40, 52);
  put16(46, 40);
  put16(48, 2);
  put16(50, 1);
  b.resize(shoff + 80, 0);
  put32(shoff + 40 + 0, 1);    // name ".shstrtab"
  put32(shoff + 40 + 4, 3);    // SHT_STRTAB
  put32(shoff + 40 + 16, 52);  // offset
  put32(shoff + 40 + 20, sizeof strtab);
  std::ofstream f(p, std::ios::binary);
  f.write(reinterpret_cast<const char*>(b.data()), static_cast<std::streamsize>(b.size()));
  return p.string();
}

// A TCP port on 127.0.0.1 with nothing listening (bound, then released).
inline uint16_t free_port() {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a);
  socklen_t len = sizeof a;
  getsockname(fd, reinterpret_cast<sockaddr*>(&a), &len);
  close(fd);
  return ntohs(a.sin_port);
}

// Message of the hb::Error (or other exception) `fn` throws; "" if none.
template <class Fn>
std::string error_of(Fn&& fn) {
  try {
    fn();
  } catch (const std::exception& e) {
    return e.what();
  }
  return {};
}

}  // namespace hb::boardtest
