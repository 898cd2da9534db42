// Text input in chunks of whole lines (gzip recognised by its magic bytes and decompressed
// on the fly) and buffered output (gzip by name), shared by the Matrix Market and
// Rutherford-Boeing readers and writers.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <memory>
#include <string>

namespace lupine {
namespace io_detail {

/// Bytes from somewhere (a file, memory, a gzip stream over either).
class ByteSource {
 public:
  virtual ~ByteSource() = default;
  /// Up to `room` bytes into `out`; 0 only at the end. Errors are file_error.
  virtual std::size_t read(char* out, std::size_t room) = 0;
  /// An upper bound on the bytes this source can still give (to bound allocations).
  virtual std::uint64_t size_bound() const = 0;
};

/// A window of whole lines over a ByteSource. The text between begin() and end() always
/// ends with '\n' (one is added after a last line without it), so a scanner can run to the
/// end of a line without bounds checks. Memory stays the size of a chunk (a few MiB) however
/// large the file is, and is reused from chunk to chunk, which keeps it in cache.
class LineWindow {
 public:
  /// A file, decompressed when it starts with the gzip magic bytes (whatever its name).
  static LineWindow open_file(const std::string& path);
  /// Text in memory (not copied: it must outlive the window), decompressed when gzip.
  static LineWindow over_memory(const std::string& text, const std::string& name);

  LineWindow(LineWindow&&) noexcept;
  LineWindow& operator=(LineWindow&&) noexcept;
  ~LineWindow();

  const char* begin() const noexcept { return buffer_.get(); }
  /// One past the last '\n' held.
  const char* end() const noexcept { return buffer_.get() + lines_end_; }
  const std::string& name() const noexcept { return name_; }

  /// Forgets the lines before `consumed` (at most end()), moves the unfinished line held to
  /// the front and reads until the window holds at least one more whole line; `consumed`
  /// is set to the new begin(). False when the input is exhausted.
  bool refill(const char*& consumed);

  /// Bytes of text the input can still hold at most (a bound, not an estimate).
  std::uint64_t size_bound() const;

 private:
  LineWindow(std::unique_ptr<ByteSource> source, std::string name);

  std::unique_ptr<ByteSource> source_;
  std::string name_;
  std::unique_ptr<char[]> buffer_;
  std::size_t capacity_ = 0;
  std::size_t filled_ = 0;     // bytes held
  std::size_t lines_end_ = 0;  // bytes held up to the last '\n'
  std::size_t next_read_ = std::size_t{1} << 16;
  bool at_end_ = false;
};

bool has_gzip_magic(const char* data, std::size_t size) noexcept;

/// Asks the kernel to back [data, data + bytes) with huge pages where it can (a hint). On
/// virtual machines a 4 KiB page fault costs microseconds, and filling arrays for millions
/// of entries takes tens of thousands of them: measured, this halves the read time.
void advise_huge_pages(const void* data, std::size_t bytes) noexcept;

/// vector.reserve(count), advised to use huge pages when large.
template <class Vector>
void reserve_large(Vector& vector, std::size_t count) {
  vector.reserve(count);
  advise_huge_pages(vector.data(), vector.capacity() * sizeof(*vector.data()));
}

bool ends_with(const std::string& text, const std::string& suffix) noexcept;

/// Buffered text output to a plain file, or a gzip file when the path ends in ".gz".
/// Errors are file_error naming the path. close() must be called for the file to be
/// complete; a writer destroyed before that (an error part way) removes the partial file.
class TextWriter {
 public:
  explicit TextWriter(const std::string& path);
  ~TextWriter();
  TextWriter(const TextWriter&) = delete;
  TextWriter& operator=(const TextWriter&) = delete;

  void write(const char* data, std::size_t size) {
    if (size > capacity_ - used_) {
      flush();
      if (size > capacity_) {
        write_through(data, size);
        return;
      }
    }
    std::memcpy(buffer_.get() + used_, data, size);
    used_ += size;
  }
  void write(const std::string& text) { write(text.data(), text.size()); }
  /// Room for `size` (at most max_reserve) bytes written directly at the pointer returned;
  /// commit(n) then keeps the first n of them.
  char* reserve(std::size_t size) {
    if (size > capacity_ - used_) flush();
    return buffer_.get() + used_;
  }
  void commit(std::size_t size) noexcept { used_ += size; }
  static constexpr std::size_t max_reserve = std::size_t{1} << 16;

  void close();

 private:
  void flush();
  void write_through(const char* data, std::size_t size);

  std::string path_;
  std::FILE* plain_ = nullptr;
  void* gzip_ = nullptr;  // gzFile, kept opaque so that zlib.h stays out of this header
  std::unique_ptr<char[]> buffer_;
  std::size_t capacity_ = std::size_t{1} << 20;
  std::size_t used_ = 0;
};

}  // namespace io_detail
}  // namespace lupine
