// Progress on stderr: a redrawn bar on a terminal, one line per matrix otherwise.
#pragma once

#include <chrono>
#include <cstddef>
#include <ostream>
#include <string>
#include <vector>

#include "row.hpp"

namespace lupine_bench {

class Progress {
 public:
  enum class Style { silent, plain, bar };

  Progress(Style style, std::size_t matrices, std::size_t solvers, std::ostream& out);

  /// bar when `quiet` is false and stderr is a terminal, plain when it is not.
  static Style style_for_stderr(bool quiet);

  void begin_matrix(std::size_t index, const std::string& name);
  void begin_solver(const std::string& solver);
  void finish_solver();
  void end_matrix(const std::vector<Row>& rows);
  void done();

  /// "m:ss" or "h:mm:ss".
  static std::string clock_text(double seconds);

 private:
  void draw();
  double elapsed() const;

  Style style_;
  std::size_t matrices_;
  std::size_t steps_total_;
  std::size_t steps_done_ = 0;
  std::size_t index_ = 0;
  std::string name_;
  std::string solver_;
  std::ostream& out_;
  std::chrono::steady_clock::time_point start_;
};

}  // namespace lupine_bench
