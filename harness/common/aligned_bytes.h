// A byte buffer with 16-byte aligned storage: plans and arenas need it
// (hb_plan_open / hb_run check alignment, as a Cortex-M would fault).
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <memory>
#include <new>
#include <span>

namespace hb {

class AlignedBytes {
 public:
  AlignedBytes() = default;
  explicit AlignedBytes(size_t n) { resize(n); }
  AlignedBytes(const AlignedBytes& o) { assign(o.data(), o.size()); }
  AlignedBytes& operator=(const AlignedBytes& o) {
    if (this != &o) assign(o.data(), o.size());
    return *this;
  }
  AlignedBytes(AlignedBytes&&) noexcept = default;
  AlignedBytes& operator=(AlignedBytes&&) noexcept = default;

  void resize(size_t n) {  // zero-filled, contents not preserved
    p_.reset(n ? static_cast<uint8_t*>(::operator new[](n, std::align_val_t{16})) : nullptr);
    n_ = n;
    if (n) std::memset(p_.get(), 0, n);
  }
  void assign(const void* src, size_t n) {
    resize(n);
    if (n) std::memcpy(p_.get(), src, n);
  }
  uint8_t* data() { return p_.get(); }
  const uint8_t* data() const { return p_.get(); }
  size_t size() const { return n_; }
  std::span<const uint8_t> span() const { return {p_.get(), n_}; }

 private:
  struct Free {
    void operator()(uint8_t* p) const { ::operator delete[](p, std::align_val_t{16}); }
  };
  std::unique_ptr<uint8_t[], Free> p_;
  size_t n_ = 0;
};

}  // namespace hb
