// The IDX container (MNIST / Fashion-MNIST): big-endian magic 00 00 <type>
// <ndims>, ndims big-endian uint32 dimensions, then the elements. Only the
// unsigned-byte type (0x08) is accepted: it is what image and label files use.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <vector>

namespace hb::data {

struct IdxArray {
  std::vector<uint32_t> dims;
  std::vector<uint8_t> data;  // the elements, exactly product(dims) bytes
};

// Whole file, gunzipped if it starts with the gzip magic; errors name `path`.
std::vector<uint8_t> read_maybe_gzip(const std::string& path);
// Validates header and size; `name` is used in error messages.
IdxArray parse_idx(std::span<const uint8_t> bytes, const std::string& name);

// gzip magic, or an IDX header with the unsigned-byte type.
bool looks_like_idx(std::span<const uint8_t> head);
// Names of the IDX image files (…idx3-ubyte or …idx3-ubyte.gz) directly in `dir`, sorted.
std::vector<std::string> find_idx_images(const std::string& dir);

}  // namespace hb::data
