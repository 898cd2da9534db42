// Runs a built program and captures what it prints, and temporary folders, for the tests of
// the apps.
#pragma once

#include <string>

namespace lupine_test {

struct Outcome {
  int exit_code = -1;
  std::string out;  // stdout
  std::string err;  // stderr
};

/// Runs `executable` with `arguments` (already shell-quoted where needed).
Outcome run_program(const std::string& executable, const std::string& arguments);

/// A fresh empty folder under $TMPDIR (or /tmp), removed by the destructor.
class TemporaryFolder {
 public:
  TemporaryFolder();
  ~TemporaryFolder();
  TemporaryFolder(const TemporaryFolder&) = delete;
  TemporaryFolder& operator=(const TemporaryFolder&) = delete;

  const std::string& path() const { return path_; }
  /// Writes `text` to path()/name (creating subfolders) and returns the full path.
  std::string write(const std::string& name, const std::string& text) const;

 private:
  std::string path_;
};

std::string read_text(const std::string& path);

}  // namespace lupine_test
