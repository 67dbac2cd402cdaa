#include "data/validate.h"

#include <algorithm>
#include <atomic>
#include <mutex>
#include <thread>

#include "common/error.h"
#include "data/scan.h"

namespace hb::data {

namespace {

// The readers' messages start with the file's path; the list already names the file.
std::string strip_path(const std::string& msg, const std::string& path) {
  const std::string prefix = path + ": ";
  return msg.rfind(prefix, 0) == 0 ? msg.substr(prefix.size()) : msg;
}

}  // namespace

std::vector<Unreadable> find_unreadable(const Dataset& ds, const std::vector<size_t>& picks, const Preprocess& pp,
                                        const InputSpec& spec, unsigned threads) {
  if (threads == 0) threads = std::max(1u, std::thread::hardware_concurrency());
  threads = std::min<unsigned>(threads, static_cast<unsigned>(std::max<size_t>(1, picks.size())));
  std::atomic<size_t> next{0};
  std::mutex mu;
  std::vector<std::pair<size_t, Unreadable>> bad;  // (pick position, what)
  auto work = [&] {
    for (size_t k; (k = next.fetch_add(1)) < picks.size();) {
      const size_t i = picks[k];
      const std::string& id = ds.samples().at(i).id;
      const std::string name = join_path(ds.path(), id);
      try {
        (void)make_input(ds.load(i), pp, spec, name);
      } catch (const std::exception& e) {  // nothing may escape a worker thread
        std::lock_guard<std::mutex> lock(mu);
        bad.push_back({k, {i, id, strip_path(e.what(), name)}});
      }
    }
  };
  std::vector<std::thread> pool;
  for (unsigned t = 1; t < threads; ++t) pool.emplace_back(work);
  work();
  for (auto& t : pool) t.join();
  std::sort(bad.begin(), bad.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
  std::vector<Unreadable> out;
  for (auto& b : bad) out.push_back(std::move(b.second));
  return out;
}

std::string unreadable_message(const std::string& dataset, const std::vector<Unreadable>& bad, size_t checked) {
  std::string m = dataset + ": " + std::to_string(bad.size()) + " of " + std::to_string(checked) +
                  " samples cannot be read (no board was touched; --skip-unreadable runs the rest):";
  for (const auto& b : bad) m += "\n  " + b.id + ": " + b.reason;
  return m;
}

}  // namespace hb::data
