// Persistent thread pool for the CPU kernels.
//
// - Size: std::thread::hardware_concurrency(), or KERATS_NUM_THREADS (read
//   once, when the global pool is created); set_num_threads(n) changes it at
//   run time (it joins and restarts the workers, so do not call it while a
//   parallel_for is running).
// - parallel_for(n_tasks, fn): runs fn(task, thread) for task in [0, n_tasks)
//   on up to num_threads() threads; the calling thread participates (it is
//   thread 0) and the call returns when every task is done. Tasks are handed
//   out dynamically (an atomic counter), so uneven tasks balance.
// - Idle workers spin for a short while (a few tens of microseconds) so that
//   back-to-back parallel_for calls are cheap, then block on a condition
//   variable: an idle pool uses no CPU.
// - Concurrency: the pool runs one parallel_for at a time. A nested call (from
//   inside a task) and a call from another thread while the pool is busy do
//   not wait: they run their tasks serially on the calling thread (as thread
//   0). So calling from several threads is safe, merely not parallel.
#pragma once

#include <cstdint>
#include <functional>
#include <utility>

namespace kerats {

using TaskFn = void (*)(void* ctx, int64_t task, int thread);

int num_threads();
void set_num_threads(int n);  // n <= 0 restores the default

// Low-overhead core: a function pointer plus context, no allocation.
void parallel_for_raw(int64_t n_tasks, TaskFn fn, void* ctx);

// Any callable f(int64_t task, int thread), passed by reference (no copy, no
// std::function allocation).
template <class F>
void parallel_for(int64_t n_tasks, F&& f) {
  using Fn = std::remove_reference_t<F>;
  parallel_for_raw(
      n_tasks, [](void* ctx, int64_t task, int thread) { (*static_cast<Fn*>(ctx))(task, thread); },
      const_cast<void*>(static_cast<const void*>(&f)));
}

inline void parallel_for(int64_t n_tasks, const std::function<void(int64_t task, int thread)>& fn) {
  parallel_for<const std::function<void(int64_t, int)>&>(n_tasks, fn);
}

}  // namespace kerats
