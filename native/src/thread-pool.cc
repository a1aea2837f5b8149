#include "thread-pool.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdlib>
#include <mutex>
#include <thread>
#include <vector>

#if defined(__x86_64__)
#include <immintrin.h>
#define KERATS_PAUSE() _mm_pause()
#else
#define KERATS_PAUSE() std::this_thread::yield()
#endif

namespace kerats {

namespace {

thread_local bool t_inside_task = false;  // set while running tasks: nested calls run serially

int default_threads() {
  if (const char* env = std::getenv("KERATS_NUM_THREADS")) {
    const int n = std::atoi(env);
    if (n > 0) return n;
  }
  const unsigned hc = std::thread::hardware_concurrency();
  return hc > 0 ? int(hc) : 1;
}

class Pool {
 public:
  explicit Pool(int n) { start(n); }
  ~Pool() { stop(); }

  int size() const { return size_; }

  void resize(int n) {
    std::lock_guard<std::mutex> busy(busy_);  // wait for a running parallel_for
    stop();
    start(n);
  }

  void run(int64_t n_tasks, TaskFn fn, void* ctx) {
    if (n_tasks <= 0) return;
    std::unique_lock<std::mutex> busy(busy_, std::try_to_lock);
    if (size_ <= 1 || n_tasks == 1 || t_inside_task || !busy.owns_lock()) {
      run_serial(n_tasks, fn, ctx);
      return;
    }
    const int helpers = int(std::min<int64_t>(size_ - 1, n_tasks - 1));
    fn_ = fn;
    ctx_ = ctx;
    n_tasks_ = n_tasks;
    next_.store(0, std::memory_order_relaxed);
    done_.store(0, std::memory_order_relaxed);
    // One atomic word carries both the job sequence number and its helper
    // count, so a worker that lags behind (it was not needed for the previous
    // job) can never pair one job's number with another job's count.
    seq_ += 1;
    join_.store((seq_ & kSeqMask) << 17, std::memory_order_relaxed);  // open, nobody joined
    generation_.store((seq_ << 16) | uint64_t(helpers), std::memory_order_seq_cst);  // publishes the job
    if (sleepers_.load(std::memory_order_seq_cst) > 0) {
      // Taking the lock orders us after any worker that is between checking
      // the generation and blocking, so the notification cannot be lost.
      std::lock_guard<std::mutex> lk(mu_);
      cv_.notify_all();
    }
    work(0);
    // Close the job and wait only for the helpers that joined it: one still waking up
    // (a sleeping worker takes tens of microseconds, more in a VM) would find no task
    // left anyway, and waiting for it made every small op pay its wake-up.
    const uint64_t joined = join_.fetch_or(kClosed, std::memory_order_acq_rel) & 0xffff;
    while (done_.load(std::memory_order_acquire) < int64_t(joined)) KERATS_PAUSE();
  }

 private:
  static void run_serial(int64_t n_tasks, TaskFn fn, void* ctx) {
    const bool was = t_inside_task;
    t_inside_task = true;
    for (int64_t t = 0; t < n_tasks; ++t) fn(ctx, t, 0);
    t_inside_task = was;
  }

  void work(int thread) {
    t_inside_task = true;
    for (;;) {
      const int64_t t = next_.fetch_add(1, std::memory_order_relaxed);
      if (t >= n_tasks_) break;
      fn_(ctx_, t, thread);
    }
    t_inside_task = false;
  }

  // `seen` is the generation when the worker was created (not when its
  // thread first runs: a job published in between must not be missed).
  void worker(int index, uint64_t seen) {
    for (;;) {
      // Spin ~50 us waiting for the next job, then sleep.
      uint64_t g = seen;
      const auto spin_until = std::chrono::steady_clock::now() + std::chrono::microseconds(50);
      for (int i = 0;; ++i) {
        g = generation_.load(std::memory_order_acquire);
        if (g != seen || stop_.load(std::memory_order_relaxed)) break;
        if ((i & 63) == 63 && std::chrono::steady_clock::now() > spin_until) break;
        KERATS_PAUSE();
      }
      if (g == seen && !stop_.load(std::memory_order_relaxed)) {
        std::unique_lock<std::mutex> lk(mu_);
        sleepers_.fetch_add(1, std::memory_order_seq_cst);
        cv_.wait(lk, [&] {
          return generation_.load(std::memory_order_seq_cst) != seen || stop_.load(std::memory_order_relaxed);
        });
        sleepers_.fetch_sub(1, std::memory_order_relaxed);
        g = generation_.load(std::memory_order_acquire);
      }
      if (stop_.load(std::memory_order_relaxed)) return;
      seen = g;
      // Only the first `helpers` workers take part, so that done_ counts a
      // known number of participants.
      if (index <= int(g & 0xffff) && join(g >> 16)) {
        work(index);
        done_.fetch_add(1, std::memory_order_release);
      }
    }
  }

  // Joins job `seq` unless the caller has closed it (or moved on to a later job).
  bool join(uint64_t seq) {
    uint64_t s = join_.load(std::memory_order_acquire);
    for (;;) {
      if ((s >> 17) != (seq & kSeqMask) || (s & kClosed)) return false;
      if (join_.compare_exchange_weak(s, s + 1, std::memory_order_acq_rel, std::memory_order_acquire)) return true;
    }
  }

  void start(int n) {
    size_ = std::max(1, std::min(n, 1024));
    stop_.store(false);
    const uint64_t g = generation_.load();
    for (int i = 1; i < size_; ++i) threads_.emplace_back([this, i, g] { worker(i, g); });
  }

  void stop() {
    {
      std::lock_guard<std::mutex> lk(mu_);
      stop_.store(true);
      cv_.notify_all();
    }
    for (auto& t : threads_) t.join();
    threads_.clear();
  }

  int size_ = 1;
  std::vector<std::thread> threads_;
  std::mutex busy_;  // held by the thread running a parallel_for
  std::mutex mu_;
  std::condition_variable cv_;
  std::atomic<uint64_t> generation_{0};
  // The current job's joining state: its sequence number (47 bits) << 17 | closed << 16 |
  // the number of helpers that joined.
  static constexpr uint64_t kClosed = uint64_t(1) << 16;
  static constexpr uint64_t kSeqMask = (uint64_t(1) << 47) - 1;
  std::atomic<uint64_t> join_{0};
  std::atomic<int> sleepers_{0};
  std::atomic<bool> stop_{false};
  // Current job (written before generation_ is bumped, read after).
  TaskFn fn_ = nullptr;
  void* ctx_ = nullptr;
  int64_t n_tasks_ = 0;
  uint64_t seq_ = 0;
  std::atomic<int64_t> next_{0};
  std::atomic<int> done_{0};
};

Pool& pool() {
  // Leaked on purpose: joining threads from a static destructor at process
  // exit (or addon unload) can deadlock; the OS reclaims them.
  static Pool* p = new Pool(default_threads());
  return *p;
}

}  // namespace

int num_threads() { return pool().size(); }

void set_num_threads(int n) { pool().resize(n > 0 ? n : default_threads()); }

void parallel_for_raw(int64_t n_tasks, TaskFn fn, void* ctx) { pool().run(n_tasks, fn, ctx); }

}  // namespace kerats
