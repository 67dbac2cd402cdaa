#include "model/describe.h"

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <sstream>

namespace hb::model {

std::string shape_str(const std::vector<int32_t>& shape) {
  std::string s = "[";
  for (size_t i = 0; i < shape.size(); ++i) s += (i ? "," : "") + std::to_string(shape[i]);
  return s + "]";
}

std::string tensor_summary(const Tensor& t) {
  std::string s = std::string(ttype_name(t.type)) + " " + shape_str(t.shape);
  if (t.q.scale.size() == 1) {
    char buf[64];
    std::snprintf(buf, sizeof buf, " scale %.9g zero_point %lld", static_cast<double>(t.q.scale[0]),
                  static_cast<long long>(t.q.zero_point.empty() ? 0 : t.q.zero_point[0]));
    s += buf;
  } else if (t.q.scale.size() > 1) {
    s += " per-channel(" + std::to_string(t.q.scale.size()) + ")";
  }
  return s;
}

nlohmann::json tensor_json(const Tensor& t) {
  nlohmann::json j{{"name", t.name}, {"type", ttype_name(t.type)}, {"shape", t.shape}};
  if (t.q.scale.size() == 1) {
    j["scale"] = t.q.scale[0];
    j["zero_point"] = t.q.zero_point.empty() ? 0 : t.q.zero_point[0];
  }
  return j;
}

namespace {
std::vector<std::pair<std::string, int>> sorted_ops(const ModelStats& st) {
  std::vector<std::pair<std::string, int>> v(st.ops_by_type.begin(), st.ops_by_type.end());
  std::stable_sort(v.begin(), v.end(), [](auto& a, auto& b) { return a.second > b.second; });
  return v;
}
int total_ops(const ModelStats& st) {
  int n = 0;
  for (auto& [k, c] : st.ops_by_type) n += c;
  return n;
}
}  // namespace

nlohmann::json model_info_json(const Graph& g, const ModelStats& st, const std::string& sha256_hex) {
  nlohmann::json ops = nlohmann::json::object();
  for (auto& [k, c] : st.ops_by_type) ops[k] = c;
  return {
      {"model", std::filesystem::path(g.path).filename().string()},
      {"path", g.path},
      {"sha256", sha256_hex},
      {"ops_total", total_ops(st)},
      {"ops", ops},
      {"inputs", nlohmann::json::array({tensor_json(g.tensors.at(static_cast<size_t>(g.inputs.at(0))))})},
      {"outputs", nlohmann::json::array({tensor_json(g.tensors.at(static_cast<size_t>(g.outputs.at(0))))})},
      {"parameters", st.parameters},
      {"weight_bytes", st.weight_bytes},
      {"macs", st.macs},
      {"peak_activation_bytes", st.arena_bytes},
      {"plan_bytes", st.plan_bytes},
      {"plan_ops", st.plan_ops},
      {"folded_ops", st.folded_ops},
  };
}

std::string model_info_text(const Graph& g, const ModelStats& st, const std::string& sha256_hex) {
  std::ostringstream o;
  char buf[160];
  o << "model:            " << std::filesystem::path(g.path).filename().string() << "\n";
  o << "sha256:           " << sha256_hex << "\n";
  o << "ops:              " << total_ops(st) << "\n";
  for (auto& [k, c] : sorted_ops(st)) {
    std::snprintf(buf, sizeof buf, "  %-20s %5d\n", k.c_str(), c);
    o << buf;
  }
  for (int32_t i : g.inputs) o << "input:            " << tensor_summary(g.tensors.at(static_cast<size_t>(i))) << "\n";
  for (int32_t i : g.outputs) o << "output:           " << tensor_summary(g.tensors.at(static_cast<size_t>(i))) << "\n";
  o << "parameters:       " << st.parameters << "\n";
  std::snprintf(buf, sizeof buf, "weights:          %lld bytes (%.1f KiB)\n", static_cast<long long>(st.weight_bytes),
                static_cast<double>(st.weight_bytes) / 1024.0);
  o << buf;
  std::snprintf(buf, sizeof buf, "MACs:             %lld (%.2f M)\n", static_cast<long long>(st.macs),
                static_cast<double>(st.macs) / 1e6);
  o << buf;
  std::snprintf(buf, sizeof buf, "peak activations: %u bytes (%.1f KiB)\n", st.arena_bytes, st.arena_bytes / 1024.0);
  o << buf;
  o << "model plan:       " << st.plan_bytes << " bytes, " << st.plan_ops << " kernel ops (" << st.folded_ops
    << " source ops folded at import)\n";
  return o.str();
}

}  // namespace hb::model
