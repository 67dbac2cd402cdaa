// Graph -> .tflite: the inverse of read_tflite. Writes a standard TFLite
// FlatBuffer (schema version 3, identifier "TFL3", one subgraph, buffer 0 the
// empty sentinel) that read_tflite reads back field for field and that
// TFLite's own runtime accepts (FlatBuffer alignment rules kept, constant data
// 16-byte aligned as schema.fbs asks).
//
// Also here: fb::Builder, the minimal FlatBuffer builder the writer uses, and
// ModelBuilder, a Graph that owns its constant bytes, for code that assembles
// models (generated test models, hb-mkmodel).
#pragma once

#include <algorithm>
#include <bit>
#include <cstdint>
#include <cstring>
#include <deque>
#include <span>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

#include "model/graph.h"

namespace hb::model {

// Serialises subgraph 0 of g: tensors (shape, type, name, quantization,
// is_variable, constant data), operators with their builtin options, inputs,
// outputs and description. Operator codes are deduplicated by
// (builtin, custom code, version). Throws hb::Error if g is inconsistent
// (index out of range, constant size not matching shape) or uses an op whose
// options this writer does not know.
std::vector<uint8_t> serialize_tflite(const Graph& g);

// serialize_tflite to a file, atomically (temporary file, then rename).
void write_tflite(const Graph& g, const std::string& path);

// The BuiltinOptions union tag the writer uses for a builtin op: 0 for ops
// whose schema has no options table, -1 for ops it cannot write.
int writer_options_tag(int32_t builtin);

// ---------------------------------------------------------------------------

namespace fb {

static_assert(std::endian::native == std::endian::little, "the builder copies scalars in host byte order");

// Builds a FlatBuffer back to front, as the reference builder does: children
// are written before their parents, so every uoffset points forward. A Ref is
// an object's distance from the end of the finished buffer (0 = none).
class Builder {
 public:
  using Ref = uint32_t;

  template <class T>
  Ref vector(std::span<const T> v, size_t align = sizeof(T)) {
    static_assert(std::is_arithmetic_v<T>);
    return raw_vector(reinterpret_cast<const uint8_t*>(v.data()), v.size() * sizeof(T), v.size(),
                      std::max(align, sizeof(T)));
  }
  Ref bytes_vector(std::span<const uint8_t> bytes, size_t align = 1) {
    return raw_vector(bytes.data(), bytes.size(), bytes.size(), align);
  }
  Ref string(std::string_view s);
  Ref vector_of_refs(std::span<const Ref> refs);

  // Tables: start, add fields, end. Scalars equal to their schema default are
  // left out, as FlatBuffers does (readers then take the default).
  void start_table();
  template <class T>
  void add(int id, T v, T def) {
    static_assert(std::is_arithmetic_v<T>);
    if (v == def) return;
    uint8_t raw[sizeof(T)];
    std::memcpy(raw, &v, sizeof(T));
    add_raw(id, raw, sizeof(T));
  }
  void add_bool(int id, bool v, bool def) { add<uint8_t>(id, v ? 1 : 0, def ? 1 : 0); }
  void add_ref(int id, Ref r);  // r == 0: field absent
  Ref end_table();

  // Root offset and 4-byte file identifier; returns the finished buffer.
  std::vector<uint8_t> finish(Ref root, std::string_view identifier);

  uint32_t size() const { return static_cast<uint32_t>(buf_.size() - head_); }

 private:
  Ref raw_vector(const uint8_t* data, size_t bytes, size_t count, size_t align);  // count elements
  void add_raw(int id, const uint8_t* v, size_t n);
  void pad_for(size_t n, size_t align);  // zeros so that n more bytes end size() on `align`
  uint8_t* prepend(size_t n);
  void push_u32(uint32_t v);
  void push_u16(uint16_t v);
  uint32_t ref_value(Ref target) { return size() + 4 - target; }  // uoffset stored at the next 4 bytes

  std::vector<uint8_t> buf_;  // the data is buf_[head_, end)
  size_t head_ = 0;
  size_t minalign_ = 1;
  bool in_table_ = false;
  uint32_t table_start_ = 0;
  std::vector<std::pair<int, uint32_t>> fields_;  // (id, position) of the open table's fields
};

}  // namespace fb

// ---------------------------------------------------------------------------

Quant per_tensor(float scale, int64_t zero_point);
Quant per_channel(std::vector<float> scales, int32_t dim);  // zero points all 0

// A Graph plus the bytes its constant tensors point at. Move-only: the
// tensors' spans point into storage this object owns.
class ModelBuilder {
 public:
  explicit ModelBuilder(std::string description = {});
  ModelBuilder(ModelBuilder&&) = default;
  ModelBuilder& operator=(ModelBuilder&&) = default;
  ModelBuilder(const ModelBuilder&) = delete;
  ModelBuilder& operator=(const ModelBuilder&) = delete;

  // An activation (non-constant) tensor; returns its index.
  int tensor(std::string name, TType type, std::vector<int32_t> shape, Quant q = {});
  // A constant tensor holding `bytes` (little-endian element data).
  int constant(std::string name, TType type, std::vector<int32_t> shape, std::vector<uint8_t> bytes, Quant q = {});
  template <class T>
  int constant_of(std::string name, TType type, std::vector<int32_t> shape, const std::vector<T>& values,
                  Quant q = {}) {
    std::vector<uint8_t> b(values.size() * sizeof(T));
    if (!b.empty()) std::memcpy(b.data(), values.data(), b.size());
    return constant(std::move(name), type, std::move(shape), std::move(b), std::move(q));
  }

  int op(int32_t builtin, std::vector<int32_t> inputs, std::vector<int32_t> outputs, Options opt = {},
         int32_t version = 1);
  void set_io(std::vector<int32_t> inputs, std::vector<int32_t> outputs);

  const Graph& graph() const { return g_; }
  Tensor& tensor_at(int i) { return g_.tensors.at(static_cast<size_t>(i)); }

 private:
  Graph g_;
  std::deque<std::vector<uint8_t>> store_;  // deque: growing it never moves the vectors spans point into
};

}  // namespace hb::model
