// The generator's threads: one io_context each (every client lives on one of them, so a
// client needs no locks), run until stop().
#pragma once

#include "net.hpp"

#include <memory>
#include <thread>
#include <vector>

namespace cc::bench {

class ThreadPool {
 public:
  explicit ThreadPool(int threads) {
    for (int i = 0; i < threads; ++i) {
      contexts_.push_back(std::make_unique<boost::asio::io_context>(1));
      guards_.emplace_back(boost::asio::make_work_guard(*contexts_.back()));
    }
  }
  ~ThreadPool() { stop(); }
  ThreadPool(ThreadPool const&) = delete;
  ThreadPool& operator=(ThreadPool const&) = delete;

  boost::asio::io_context& context(std::size_t i) { return *contexts_[i % contexts_.size()]; }
  std::size_t size() const { return contexts_.size(); }

  void run() {
    for (auto& ioc : contexts_) threads_.emplace_back([&ioc] { ioc->run(); });
  }
  void stop() {
    guards_.clear();
    for (auto& ioc : contexts_) ioc->stop();
    for (auto& t : threads_) t.join();
    threads_.clear();
  }

 private:
  std::vector<std::unique_ptr<boost::asio::io_context>> contexts_;
  std::vector<boost::asio::executor_work_guard<boost::asio::io_context::executor_type>> guards_;
  std::vector<std::thread> threads_;
};

}  // namespace cc::bench
