#include "progress.hpp"

#include <sys/ioctl.h>
#include <unistd.h>

#include <cmath>
#include <cstdio>

namespace lupine_bench {
namespace {

constexpr int bar_width = 24;
constexpr std::size_t minimum_name = 12;

std::string short_seconds(double seconds) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.3gs", seconds);
  return buffer;
}

}  // namespace

Progress::Progress(Style style, std::size_t matrices, std::size_t solvers, std::ostream& out)
    : style_(style),
      matrices_(matrices),
      steps_total_(matrices * solvers),
      out_(out),
      start_(std::chrono::steady_clock::now()) {}

Progress::Style Progress::style_for_stderr(bool quiet) {
  if (quiet) return Style::silent;
  return ::isatty(STDERR_FILENO) ? Style::bar : Style::plain;
}

std::string Progress::clock_text(double seconds) {
  if (!(seconds >= 0) || !std::isfinite(seconds)) return "?";
  const long total = std::lround(seconds);
  char buffer[32];
  if (total >= 3600) {
    std::snprintf(buffer, sizeof buffer, "%ld:%02ld:%02ld", total / 3600, total / 60 % 60,
                  total % 60);
  } else {
    std::snprintf(buffer, sizeof buffer, "%ld:%02ld", total / 60, total % 60);
  }
  return buffer;
}

double Progress::elapsed() const {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
}

void Progress::begin_matrix(std::size_t index, const std::string& name) {
  index_ = index;
  name_ = name;
  solver_.clear();
  if (style_ == Style::bar) draw();
}

void Progress::begin_solver(const std::string& solver) {
  solver_ = solver;
  if (style_ == Style::bar) draw();
}

void Progress::finish_solver() {
  ++steps_done_;
  if (style_ == Style::bar) draw();
}

void Progress::draw() {
  const double fraction =
      steps_total_ == 0 ? 1.0
                        : static_cast<double>(steps_done_) / static_cast<double>(steps_total_);
  const int filled = static_cast<int>(fraction * bar_width);
  std::string bar(static_cast<std::size_t>(filled), '=');
  if (filled < bar_width) bar += '>';
  bar.resize(bar_width, ' ');
  const double seconds = elapsed();
  // Each (matrix, solver) step is weighted alike: crude for mixed sizes, but it needs no
  // model of solver cost and settles as the run goes on.
  const std::string eta = steps_done_ == 0 ? "?" : clock_text(seconds / fraction - seconds);
  std::string name = name_;
  if (!solver_.empty()) name += " (" + solver_ + ")";
  const std::string head =
      "[" + bar + "] " + std::to_string(index_ + 1) + "/" + std::to_string(matrices_) + " ";
  const std::string tail = "  elapsed " + clock_text(seconds) + "  ETA " + eta;
  // A line wider than the terminal wraps, and \r would then redraw only its last part:
  // the name gives way first, then the line is cut.
  std::size_t width = 100;
  winsize size{};
  if (::ioctl(STDERR_FILENO, TIOCGWINSZ, &size) == 0 && size.ws_col > 1) width = size.ws_col;
  const std::size_t room = width - 1 > head.size() + tail.size() + minimum_name
                               ? width - 1 - head.size() - tail.size()
                               : minimum_name;
  if (name.size() > room) name = name.substr(0, room - 3) + "...";
  std::string line = head + name + tail;
  if (line.size() > width - 1) line.resize(width - 1);
  out_ << "\r\033[K" << line << std::flush;
}

void Progress::end_matrix(const std::vector<Row>& rows) {
  if (style_ != Style::plain) return;
  out_ << '[' << (index_ + 1) << '/' << matrices_ << "] " << name_ << ':';
  for (std::size_t k = 0; k < rows.size(); ++k) {
    const Row& row = rows[k];
    out_ << (k == 0 ? " " : ", ") << row.solver << (row.complex() ? " complex " : " ")
         << row.status;
    if (row.ok()) out_ << " factor " << short_seconds(row.factor_s);
  }
  out_ << "  (elapsed " << clock_text(elapsed()) << ")\n" << std::flush;
}

void Progress::done() {
  if (style_ == Style::silent) return;
  if (style_ == Style::bar) out_ << "\r\033[K";
  out_ << "lupine-bench: " << matrices_ << (matrices_ == 1 ? " matrix" : " matrices") << " in "
       << clock_text(elapsed()) << '\n'
       << std::flush;
}

}  // namespace lupine_bench
