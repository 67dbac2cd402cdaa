#include "data/idx_file.h"

#include <zlib.h>

#include <cstdio>

#include "common/error.h"
#include "common/file_io.h"
#include "data/scan.h"

namespace hb::data {
namespace {

constexpr size_t kMaxInflated = size_t(1) << 31;  // far above MNIST's 47 MB; stops gzip bombs

std::string hex32(uint32_t v) {
  char b[16];
  std::snprintf(b, sizeof b, "0x%08x", v);
  return b;
}

uint32_t be32(const uint8_t* p) { return uint32_t(p[0]) << 24 | uint32_t(p[1]) << 16 | uint32_t(p[2]) << 8 | p[3]; }

std::vector<uint8_t> gunzip(std::span<const uint8_t> in, const std::string& path) {
  z_stream zs{};
  if (inflateInit2(&zs, 15 + 16) != Z_OK) throw Error(path + ": cannot initialise zlib");
  std::vector<uint8_t> out(std::max<size_t>(in.size() * 4, 1 << 16));
  zs.next_in = const_cast<Bytef*>(in.data());
  zs.avail_in = static_cast<uInt>(in.size());  // IDX.gz files are far below 4 GiB
  int rc = Z_OK;
  while (rc != Z_STREAM_END) {
    if (zs.total_out == out.size()) {
      if (out.size() >= kMaxInflated) {
        inflateEnd(&zs);
        throw Error(path + ": gzip data inflates to more than 2 GiB");
      }
      out.resize(out.size() * 2);
    }
    zs.next_out = out.data() + zs.total_out;
    zs.avail_out = static_cast<uInt>(out.size() - zs.total_out);
    rc = inflate(&zs, Z_NO_FLUSH);
    if (rc == Z_BUF_ERROR && zs.avail_in == 0) {
      inflateEnd(&zs);
      throw Error(path + ": truncated gzip data");
    }
    if (rc != Z_OK && rc != Z_STREAM_END && rc != Z_BUF_ERROR) {
      const std::string msg = zs.msg ? zs.msg : "error " + std::to_string(rc);
      inflateEnd(&zs);
      throw Error(path + ": corrupt gzip data: " + msg);
    }
  }
  out.resize(zs.total_out);
  inflateEnd(&zs);
  return out;
}

}  // namespace

std::vector<uint8_t> read_maybe_gzip(const std::string& path) {
  std::vector<uint8_t> raw = read_file(path);
  if (raw.size() >= 2 && raw[0] == 0x1f && raw[1] == 0x8b) return gunzip(raw, path);
  return raw;
}

IdxArray parse_idx(std::span<const uint8_t> b, const std::string& name) {
  if (b.size() < 4) throw Error(name + ": not an IDX file: only " + std::to_string(b.size()) + " bytes");
  const uint32_t magic = be32(b.data());
  if (b[0] != 0 || b[1] != 0)
    throw Error(name + ": not an IDX file: magic " + hex32(magic) + " does not start with two zero bytes");
  if (b[2] != 0x08)
    throw Error(name + ": unsupported IDX element type " + hex32(magic) + " (only unsigned byte, 0x08, is supported)");
  const size_t ndims = b[3];
  if (ndims < 1 || ndims > 4)
    throw Error(name + ": IDX magic " + hex32(magic) + " declares " + std::to_string(ndims) +
                " dimensions (expected 1..4)");
  const size_t header = 4 + 4 * ndims;
  if (b.size() < header) throw Error(name + ": truncated IDX header");
  IdxArray a;
  uint64_t count = 1;
  for (size_t i = 0; i < ndims; ++i) {
    a.dims.push_back(be32(b.data() + 4 + 4 * i));
    count *= a.dims.back();
    if (count > kMaxInflated) throw Error(name + ": IDX dimensions too large");
  }
  const size_t have = b.size() - header;
  if (have != count) {
    throw Error(name + ": IDX header promises " + std::to_string(count) + " data bytes but the file holds " +
                std::to_string(have) + (have < count ? " (truncated)" : " (trailing bytes)"));
  }
  a.data.assign(b.begin() + static_cast<std::ptrdiff_t>(header), b.end());
  return a;
}

bool looks_like_idx(std::span<const uint8_t> h) {
  if (h.size() >= 2 && h[0] == 0x1f && h[1] == 0x8b) return true;
  return h.size() >= 4 && h[0] == 0 && h[1] == 0 && h[2] == 0x08 && h[3] >= 1 && h[3] <= 4;
}

std::vector<std::string> find_idx_images(const std::string& dir) {
  std::vector<std::string> out;
  for (const auto& f : list_files(dir)) {
    const std::string l = lower(f);
    if (ends_with_ci(l, "idx3-ubyte") || ends_with_ci(l, "idx3-ubyte.gz")) out.push_back(f);
  }
  return out;
}

}  // namespace hb::data
