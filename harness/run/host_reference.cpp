#include "run/host_reference.h"

#include "common/error.h"
#include "model/host_engine.h"
#include "run/cpu_affinity.h"

namespace hb::run {

HostReference::HostReference(const AlignedBytes& plan, unsigned threads) : plan_(plan) {
  // All cores but the board's (cpu_affinity.h), at least one.
  if (threads == 0) {
    const auto cpus = harness_cpus();
    threads = cpus ? static_cast<unsigned>(CPU_COUNT(&*cpus)) : std::max(1u, std::thread::hardware_concurrency());
  }
  model::HostEngine check(plan_);  // reject a bad plan here, not in a worker
  for (unsigned i = 0; i < threads; ++i) workers_.emplace_back([this] { work(); });
}

HostReference::~HostReference() {
  {
    std::lock_guard<std::mutex> l(mu_);
    stop_ = true;
  }
  cv_work_.notify_all();
  for (auto& t : workers_) t.join();
}

void HostReference::submit(size_t index, std::vector<uint8_t> input) {
  {
    std::lock_guard<std::mutex> l(mu_);
    if (done_.size() <= index) {
      done_.resize(index + 1);
      errors_.resize(index + 1);
    }
    queue_.emplace_back(index, std::move(input));
  }
  cv_work_.notify_one();
}

std::vector<uint8_t> HostReference::wait(size_t index) {
  std::unique_lock<std::mutex> l(mu_);
  cv_done_.wait(l, [&] { return index < done_.size() && (done_[index] || !errors_[index].empty()); });
  if (!errors_[index].empty()) throw Error("host reference, sample " + std::to_string(index) + ": " + errors_[index]);
  return *done_[index];  // a copy: every board of the job compares with it
}

void HostReference::work() {
  // Off the board's CPU (cpu_affinity.h): a host-timed board's inference must
  // not share a core with the reference.
  if (const auto cpus = harness_cpus()) (void)sched_setaffinity(0, sizeof *cpus, &*cpus);
  model::HostEngine eng(plan_);
  for (;;) {
    std::pair<size_t, std::vector<uint8_t>> job;
    {
      std::unique_lock<std::mutex> l(mu_);
      cv_work_.wait(l, [&] { return stop_ || !queue_.empty(); });
      if (queue_.empty()) return;
      job = std::move(queue_.front());
      queue_.pop_front();
    }
    std::vector<uint8_t> out;
    std::string err;
    try {
      out = eng.run(job.second);
    } catch (const std::exception& e) {
      err = e.what();
    }
    {
      std::lock_guard<std::mutex> l(mu_);
      if (err.empty())
        done_[job.first] = std::move(out);
      else
        errors_[job.first] = err;
    }
    cv_done_.notify_all();
  }
}

}  // namespace hb::run
