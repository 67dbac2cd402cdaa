// Test helpers for the dataset readers: a self-deleting temp directory and
// real PNG/JPEG/IDX encoders (libpng, libjpeg, zlib), so tests build their
// datasets from known pixels instead of shipping binary fixtures.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "temp_dir.h"

namespace hb::test {

void write_bytes(const std::filesystem::path& p, const std::vector<uint8_t>& bytes);  // creates parent dirs
std::vector<uint8_t> read_bytes(const std::filesystem::path& p);

// PNG with libpng's png.h colour type constants. `samples` holds one value per
// channel per pixel in file order (incl. alpha; palette indices for palette
// images), each < 2^bit_depth. Palette entries are RGB triples.
void write_png(const std::filesystem::path& p, int w, int h, int color_type, int bit_depth,
               const std::vector<uint16_t>& samples, const std::vector<uint8_t>& palette_rgb = {},
               bool interlaced = false);
// 8-bit RGB (channels = 3) or grey (channels = 1) PNG.
void write_png8(const std::filesystem::path& p, int w, int h, int channels, const std::vector<uint8_t>& pixels);
void write_jpeg(const std::filesystem::path& p, int w, int h, int channels, const std::vector<uint8_t>& pixels,
                int quality = 95);

// IDX file bytes: magic 00 00 08 <ndims>, big-endian dims, data.
std::vector<uint8_t> idx_bytes(const std::vector<uint32_t>& dims, const std::vector<uint8_t>& data);
void write_gzip(const std::filesystem::path& p, const std::vector<uint8_t>& bytes);
std::vector<uint8_t> gunzip_file(const std::filesystem::path& p);  // via zlib's gzread

}  // namespace hb::test
