// `hilbench run --resume RUN`: a run continues only if it would measure the
// same thing. Every field that defines the run is compared with what this
// command prepared; the first that differs is named (exit 2).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "board/descriptor.h"
#include "run/prepared.h"
#include "store/run_store.h"

namespace hb::run {

// Before the board is touched: the run exists, is aborted or failed, and has
// the same board kind, model sha256, dataset manifest, selected samples,
// preprocessing and firmware image (sha256 of the ELF, where there is one).
void check_resumable(const store::RunStore& db, int64_t run, const Prepared& p, const board::Descriptor& d,
                     const std::string& firmware_sha);
// After HELLO: the board's firmware build is the run's.
void check_resumed_firmware(const store::RunStore& db, int64_t run, int64_t firmware_id);
// Run positions 0..n-1 without a stored sample, ascending.
std::vector<size_t> missing_positions(const store::RunStore& db, int64_t run, size_t n);

}  // namespace hb::run
