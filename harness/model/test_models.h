// Small synthetic models, one (or a few) ops each, with seeded random
// weights and quantization: one case per supported op and edge case, plus a
// miniature EfficientNet-LC block chain. Used to test the .tflite writer
// (write -> read -> import -> run) and available to anything else that needs
// a model file without shipping one.
#pragma once

#include <cstdint>
#include <random>
#include <span>
#include <string>
#include <string_view>

#include "model/tflite_writer.h"

namespace hb::model {

struct TestModelCase {
  const char* name;
  ModelBuilder (*make)(std::mt19937& rng);
};

// Every case; adding one is one line in test_models.cpp's table.
std::span<const TestModelCase> test_model_cases();

// The named case built from std::mt19937(seed); throws hb::Error if unknown.
ModelBuilder make_test_model(std::string_view name, uint32_t seed = 1);

// The differences between two graphs, field by field (tensors with their
// quantization and constant bytes, ops with every option, inputs, outputs,
// description), one per line, at most `max_lines`; "" if they are equal.
// Graph::path, ::file and ::schema_version are not compared. Options'
// union tag is compared only if `compare_option_tags` (a file may omit an
// options table that the writer always emits).
std::string graph_diff(const Graph& a, const Graph& b, bool compare_option_tags = true, int max_lines = 20);

}  // namespace hb::model
