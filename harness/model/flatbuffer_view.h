// Bounds-checked, read-only access to a FlatBuffer held in memory. Every read
// is checked against the buffer's end and every failure throws hb::Error with
// "<path>: <context>: <what>", so a hostile file can only ever produce an error
// message. We do not use flatc-generated code: its accessors trust the input
// unless a separate verifier runs first, and we want one code path that both
// reads and checks.
//
// Wire format (flatbuffers.dev/internals): little-endian; a uoffset is a u32
// counted forward from where it is stored; a table starts with an i32 soffset
// back to its vtable; a vtable is u16 [vtable bytes, table bytes, field
// offsets...] where 0 means "field absent, use the default"; vectors and
// strings are a u32 count followed by the elements.
#pragma once

#include <cstdint>
#include <cstring>
#include <span>
#include <string>
#include <vector>

#include "common/error.h"

namespace hb::model::fb {

class Buffer {
 public:
  Buffer(std::span<const uint8_t> bytes, std::string path)
      : d_(bytes), path_(std::move(path)), budget_(kBudgetFactor * static_cast<uint64_t>(bytes.size()) + (1u << 20)) {}

  uint64_t size() const { return d_.size(); }
  const uint8_t* data() const { return d_.data(); }
  const std::string& path() const { return path_; }

  // What is being read, for error messages ("tensor 12", "quantization").
  // Scoped: see Ctx below.
  std::vector<std::string>& context() const { return ctx_; }

  [[noreturn]] void fail(const std::string& what) const {
    std::string msg = path_ + ": ";
    for (const auto& c : ctx_) msg += c + ": ";
    msg += what;
    for (char& ch : msg)  // one line, whatever the inputs held
      if (ch == '\n' || ch == '\r') ch = ' ';
    throw hb::Error(msg);
  }

  // Fails unless [off, off+n) lies inside the buffer; 64-bit math, so no wrap.
  void need(uint64_t off, uint64_t n, const char* what) const {
    if (off > size() || n > size() - off)
      fail(std::string("truncated or corrupt: ") + what + " runs past end of file (offset " + std::to_string(off) +
           " + " + std::to_string(n) + " > " + std::to_string(size()) + ")");
  }

  // Memory the decoded model takes (copied vectors and strings, and the
  // structs they live in) is charged here: FlatBuffers may legally point many
  // objects at one vector or table, so without a cap a small file could make
  // us materialise gigabytes. Honest models decode to 1-3x their size.
  static constexpr uint64_t kBudgetFactor = 8;
  void charge(uint64_t bytes) const {
    if (bytes > budget_)
      fail("corrupt: decoded model would exceed " + std::to_string(kBudgetFactor) +
           "x the file size (shared or overlapping vectors)");
    budget_ -= bytes;
  }

  uint8_t u8(uint64_t off) const { return load<uint8_t>(off); }
  uint16_t u16(uint64_t off) const { return load<uint16_t>(off); }
  uint32_t u32(uint64_t off) const { return load<uint32_t>(off); }
  uint64_t u64(uint64_t off) const { return load<uint64_t>(off); }

  template <typename T>
  T load(uint64_t off) const {
    need(off, sizeof(T), "value");
    // Assemble little-endian explicitly: correct on any host, no alignment needs.
    uint64_t v = 0;
    for (size_t i = 0; i < sizeof(T); ++i) v |= static_cast<uint64_t>(d_[off + i]) << (8 * i);
    if constexpr (sizeof(T) == 8) {
      T out;
      std::memcpy(&out, &v, 8);
      return out;
    } else {
      using U = std::conditional_t<sizeof(T) == 1, uint8_t, std::conditional_t<sizeof(T) == 2, uint16_t, uint32_t>>;
      U u = static_cast<U>(v);
      T out;
      std::memcpy(&out, &u, sizeof(T));
      return out;
    }
  }

 private:
  std::span<const uint8_t> d_;
  std::string path_;
  mutable std::vector<std::string> ctx_;
  mutable uint64_t budget_;
};

// Pushes a context label for the lifetime of the object.
class Ctx {
 public:
  Ctx(const Buffer& b, std::string label) : b_(b) { b_.context().push_back(std::move(label)); }
  ~Ctx() { b_.context().pop_back(); }
  Ctx(const Ctx&) = delete;
  Ctx& operator=(const Ctx&) = delete;

 private:
  const Buffer& b_;
};

// A vector of fixed-size scalars or of uoffsets (to tables/strings).
class Vec {
 public:
  Vec() = default;
  Vec(const Buffer* b, uint64_t elems_at, uint32_t n, uint32_t elem_size)
      : b_(b), at_(elems_at), n_(n), es_(elem_size) {}
  uint32_t size() const { return n_; }
  bool empty() const { return n_ == 0; }
  uint64_t elems_at() const { return at_; }  // file offset of element 0
  uint32_t elem_size() const { return es_; }

  template <typename T>
  T get(uint32_t i) const {
    return b_->load<T>(at_ + static_cast<uint64_t>(i) * es_);
  }
  // Copies the whole vector out, converting each element to Out.
  template <typename T, typename Out = T>
  std::vector<Out> to_vector() const {
    if (n_ == 0) return {};
    b_->charge(static_cast<uint64_t>(n_) * sizeof(Out));
    std::vector<Out> v;
    v.reserve(n_);
    for (uint32_t i = 0; i < n_; ++i) v.push_back(static_cast<Out>(get<T>(i)));
    return v;
  }

 private:
  const Buffer* b_ = nullptr;
  uint64_t at_ = 0;
  uint32_t n_ = 0;
  uint32_t es_ = 1;
};

class Table {
 public:
  // Opens the table whose first byte (the soffset to its vtable) is at `pos`.
  static Table at(const Buffer& b, uint64_t pos) {
    Table t;
    t.b_ = &b;
    t.pos_ = pos;
    b.need(pos, 4, "table");
    int64_t vt = static_cast<int64_t>(pos) - static_cast<int64_t>(b.load<int32_t>(pos));
    if (vt < 0 || static_cast<uint64_t>(vt) > b.size())
      b.fail("corrupt: table's vtable offset points outside the file");
    t.vt_ = static_cast<uint64_t>(vt);
    b.need(t.vt_, 4, "vtable");
    t.vt_size_ = b.u16(t.vt_);
    t.inline_size_ = b.u16(t.vt_ + 2);
    if (t.vt_size_ < 4 || t.vt_size_ % 2 != 0)
      b.fail("corrupt: vtable size " + std::to_string(t.vt_size_) + " is invalid");
    if (t.inline_size_ < 4) b.fail("corrupt: table size " + std::to_string(t.inline_size_) + " is invalid");
    b.need(t.vt_, t.vt_size_, "vtable");
    b.need(pos, t.inline_size_, "table");
    return t;
  }

  const Buffer& buf() const { return *b_; }

  // File offset of field `id` (a value `width` bytes wide), or 0 if absent.
  uint64_t field(int id, uint32_t width) const {
    uint64_t slot = 4 + 2 * static_cast<uint64_t>(id);
    if (slot + 2 > vt_size_) return 0;  // older writer: field not in vtable
    uint16_t off = b_->u16(vt_ + slot);
    if (off == 0) return 0;
    if (off < 4 || static_cast<uint64_t>(off) + width > inline_size_)
      b_->fail("corrupt: field " + std::to_string(id) + " lies outside its table");
    return pos_ + off;
  }
  bool has(int id) const { return field(id, 1) != 0; }

  template <typename T>
  T scalar(int id, T def) const {
    uint64_t p = field(id, sizeof(T));
    return p ? b_->load<T>(p) : def;
  }
  bool boolean(int id, bool def) const { return scalar<uint8_t>(id, def ? 1 : 0) != 0; }

  // Target of the uoffset stored in field `id`, or 0 if absent.
  uint64_t ref(int id) const {
    uint64_t p = field(id, 4);
    return p ? p + b_->u32(p) : 0;
  }

  bool has_table(int id) const { return ref(id) != 0; }
  Table table(int id) const { return Table::at(*b_, ref(id)); }  // only if has_table(id)

  Vec vec(int id, uint32_t elem_size, const char* what) const {
    uint64_t p = ref(id);
    return p ? vec_at(*b_, p, elem_size, what) : Vec();
  }

  std::string str(int id, const char* what) const {
    Vec v = vec(id, 1, what);
    if (v.empty()) return {};
    b_->charge(v.size());
    return std::string(reinterpret_cast<const char*>(b_->data() + v.elems_at()), v.size());
  }

  static Vec vec_at(const Buffer& b, uint64_t p, uint32_t elem_size, const char* what) {
    b.need(p, 4, what);
    uint32_t n = b.u32(p);
    b.need(p + 4, static_cast<uint64_t>(n) * elem_size, what);
    return Vec(&b, p + 4, n, elem_size);
  }

  // Element i of a vector of tables.
  static Table element(const Buffer& b, const Vec& v, uint32_t i) {
    uint64_t slot = v.elems_at() + static_cast<uint64_t>(i) * 4;
    return Table::at(b, slot + b.u32(slot));
  }

 private:
  const Buffer* b_ = nullptr;
  uint64_t pos_ = 0, vt_ = 0;
  uint16_t vt_size_ = 0, inline_size_ = 0;
};

}  // namespace hb::model::fb
