#include "io/text_file.hpp"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <limits>
#include <new>
#include <utility>

#include "lupine/error.hpp"

namespace lupine {
namespace io_detail {
namespace {

// zlib counts bytes in 32-bit unsigned ints; feed and drain it in pieces of at most this.
constexpr std::size_t zlib_piece = std::size_t{1} << 30;
// Reads grow from 64 KiB (a header costs little) to this; whole lines are kept in between.
constexpr std::size_t largest_read = std::size_t{4} << 20;

[[noreturn]] void fail_file(const std::string& message) {
  throw Error(ErrorKind::file_error, message);
}

std::string system_reason() {
  return std::strerror(errno);
}

std::unique_ptr<char[]> allocate(std::size_t size, const std::string& what) {
  try {
    return std::unique_ptr<char[]>(new char[size]);
  } catch (const std::bad_alloc&) {
    throw Error(ErrorKind::out_of_memory,
                "out of memory: cannot allocate " + std::to_string(size) + " bytes for " + what);
  }
}

/// A file read with read(2): the first bytes were already read to look for the gzip magic.
class FileBytes final : public ByteSource {
 public:
  FileBytes(int descriptor, std::string path, std::string first, std::uint64_t file_size)
      : descriptor_(descriptor),
        path_(std::move(path)),
        first_(std::move(first)),
        remaining_bound_(file_size) {}
  ~FileBytes() override { ::close(descriptor_); }
  FileBytes(const FileBytes&) = delete;
  FileBytes& operator=(const FileBytes&) = delete;

  std::size_t read(char* out, std::size_t room) override {
    if (first_used_ < first_.size()) {
      const std::size_t count = std::min(room, first_.size() - first_used_);
      std::memcpy(out, first_.data() + first_used_, count);
      first_used_ += count;
      return count;
    }
    for (;;) {
      const ssize_t count = ::read(descriptor_, out, std::min(room, zlib_piece));
      if (count >= 0) {
        const auto got = static_cast<std::uint64_t>(count);
        remaining_bound_ = remaining_bound_ > got ? remaining_bound_ - got : 0;
        return static_cast<std::size_t>(count);
      }
      if (errno != EINTR) fail_file("cannot read '" + path_ + "': " + system_reason());
    }
  }
  std::uint64_t size_bound() const override {
    return remaining_bound_ + (first_.size() - first_used_);
  }

 private:
  int descriptor_;
  std::string path_;
  std::string first_;
  std::size_t first_used_ = 0;
  std::uint64_t remaining_bound_;  // of the bytes after first_
};

class MemoryBytes final : public ByteSource {
 public:
  MemoryBytes(const char* data, std::size_t size) : data_(data), size_(size) {}
  std::size_t read(char* out, std::size_t room) override {
    const std::size_t count = std::min(room, size_ - used_);
    std::memcpy(out, data_ + used_, count);
    used_ += count;
    return count;
  }
  std::uint64_t size_bound() const override { return size_ - used_; }

 private:
  const char* data_;
  std::size_t size_;
  std::size_t used_ = 0;
};

/// Decompresses a gzip stream (several members allowed, as gzip(1) writes them).
class GunzipBytes final : public ByteSource {
 public:
  GunzipBytes(std::unique_ptr<ByteSource> input, std::string name)
      : input_(std::move(input)), name_(std::move(name)), in_(allocate(in_capacity, "zlib input")) {
    if (inflateInit2(&stream_, 15 + 16) != Z_OK) {
      throw Error(ErrorKind::out_of_memory,
                  "out of memory: cannot start zlib to decompress '" + name_ + "'");
    }
  }
  ~GunzipBytes() override { inflateEnd(&stream_); }
  GunzipBytes(const GunzipBytes&) = delete;
  GunzipBytes& operator=(const GunzipBytes&) = delete;

  std::size_t read(char* out, std::size_t room) override {
    room = std::min(room, zlib_piece);
    stream_.next_out = reinterpret_cast<Bytef*>(out);
    stream_.avail_out = static_cast<uInt>(room);
    while (stream_.avail_out > 0 && !finished_) {
      if (stream_.avail_in == 0 && !input_ended_) fill_input();
      if (between_members_) {
        start_next_member();
        continue;
      }
      const int status = inflate(&stream_, Z_NO_FLUSH);
      if (status == Z_STREAM_END) {
        between_members_ = true;
      } else if (status == Z_DATA_ERROR || status == Z_NEED_DICT || status == Z_STREAM_ERROR) {
        fail_file("'" + name_ + "': corrupt gzip data at compressed byte " +
                  std::to_string(position()) + ": " +
                  (stream_.msg != nullptr ? stream_.msg : "unknown error"));
      } else if (status == Z_MEM_ERROR) {
        throw Error(ErrorKind::out_of_memory,
                    "zlib ran out of memory decompressing '" + name_ + "'");
      } else if (stream_.avail_in == 0 && input_ended_ && stream_.avail_out > 0) {
        fail_file("'" + name_ + "': truncated gzip data: the compressed stream ends after " +
                  std::to_string(position()) + " bytes (" + std::to_string(stream_.total_out) +
                  " bytes decompressed in this member) without its end marker");
      }
    }
    return room - stream_.avail_out;
  }

  std::uint64_t size_bound() const override {
    // Deflate never does better than about 1032:1.
    return (input_->size_bound() + stream_.avail_in) * 1040 + (std::uint64_t{1} << 16);
  }

 private:
  static constexpr std::size_t in_capacity = std::size_t{1} << 20;

  std::uint64_t position() const { return consumed_ - stream_.avail_in; }

  void fill_input() {
    const std::size_t count = input_->read(in_.get(), in_capacity);
    if (count == 0) input_ended_ = true;
    stream_.next_in = reinterpret_cast<Bytef*>(in_.get());
    stream_.avail_in = static_cast<uInt>(count);
    consumed_ += count;
  }

  // After a member: another one, zero padding (tolerated, as gzip(1) does), or the end.
  void start_next_member() {
    if (stream_.avail_in == 0) {
      if (input_ended_) finished_ = true;
      return;  // the caller reads more input first
    }
    if (*stream_.next_in == 0) {
      ++stream_.next_in;
      --stream_.avail_in;
      return;
    }
    if (*stream_.next_in != 0x1f) {
      fail_file("'" + name_ + "': unexpected data after the end of the gzip stream at byte " +
                std::to_string(position()));
    }
    inflateReset(&stream_);
    between_members_ = false;
  }

  std::unique_ptr<ByteSource> input_;
  std::string name_;
  std::unique_ptr<char[]> in_;
  z_stream stream_{};
  std::uint64_t consumed_ = 0;
  bool input_ended_ = false;
  bool between_members_ = false;
  bool finished_ = false;
};

}  // namespace

LineWindow::LineWindow(std::unique_ptr<ByteSource> source, std::string name)
    : source_(std::move(source)),
      name_(std::move(name)),
      buffer_(allocate(largest_read + 1, "a text buffer")),
      capacity_(largest_read + 1) {}

LineWindow::LineWindow(LineWindow&&) noexcept = default;
LineWindow& LineWindow::operator=(LineWindow&&) noexcept = default;
LineWindow::~LineWindow() = default;

LineWindow LineWindow::open_file(const std::string& path) {
  const int descriptor = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (descriptor < 0) fail_file("cannot open '" + path + "': " + system_reason());
  struct stat info {};
  if (::fstat(descriptor, &info) != 0 || S_ISDIR(info.st_mode)) {
    const std::string reason = S_ISDIR(info.st_mode) ? "it is a directory" : system_reason();
    ::close(descriptor);
    fail_file("cannot read '" + path + "': " + reason);
  }
  const std::uint64_t file_size = S_ISREG(info.st_mode)
                                      ? static_cast<std::uint64_t>(info.st_size)
                                      : std::numeric_limits<std::uint64_t>::max() / 2048;
  // The first two bytes decide between plain text and gzip.
  std::string first(2, '\0');
  std::size_t got = 0;
  while (got < 2) {
    const ssize_t count = ::read(descriptor, &first[got], 2 - got);
    if (count < 0 && errno == EINTR) continue;
    if (count < 0) {
      const std::string reason = system_reason();
      ::close(descriptor);
      fail_file("cannot read '" + path + "': " + reason);
    }
    if (count == 0) break;
    got += static_cast<std::size_t>(count);
  }
  first.resize(got);
  std::unique_ptr<ByteSource> source(
      new FileBytes(descriptor, path, first, file_size > got ? file_size - got : 0));
  if (has_gzip_magic(first.data(), first.size())) {
    return LineWindow(std::unique_ptr<ByteSource>(new GunzipBytes(std::move(source), path)), path);
  }
  return LineWindow(std::move(source), path);
}

LineWindow LineWindow::over_memory(const std::string& text, const std::string& name) {
  std::unique_ptr<ByteSource> bytes(new MemoryBytes(text.data(), text.size()));
  if (has_gzip_magic(text.data(), text.size())) {
    bytes.reset(new GunzipBytes(std::move(bytes), name));
  }
  return LineWindow(std::move(bytes), name);
}

bool LineWindow::refill(const char*& consumed) {
  const auto offset = static_cast<std::size_t>(consumed - buffer_.get());
  if (offset > 0) {
    std::memmove(buffer_.get(), buffer_.get() + offset, filled_ - offset);
    filled_ -= offset;
  }
  lines_end_ = 0;
  consumed = buffer_.get();
  for (;;) {
    if (at_end_) {
      if (filled_ == 0) return false;
      // A last line without '\n' gets one (there is always room for it: see below).
      buffer_[filled_++] = '\n';
      lines_end_ = filled_;
      return true;
    }
    if (capacity_ - filled_ < next_read_ + 1) {
      // A line longer than the buffer: grow it, keeping one spare byte for the '\n'.
      const std::size_t grown = std::max(capacity_ * 2, filled_ + next_read_ + 1);
      std::unique_ptr<char[]> bigger = allocate(grown, "a line of '" + name_ + "'");
      std::memcpy(bigger.get(), buffer_.get(), filled_);
      buffer_ = std::move(bigger);
      capacity_ = grown;
      consumed = buffer_.get();
    }
    const std::size_t count = source_->read(buffer_.get() + filled_, next_read_);
    next_read_ = std::min(next_read_ * 2, largest_read);
    if (count == 0) {
      at_end_ = true;
      continue;
    }
    const char* last_newline =
        static_cast<const char*>(::memrchr(buffer_.get() + filled_, '\n', count));
    filled_ += count;
    if (last_newline != nullptr) {
      lines_end_ = static_cast<std::size_t>(last_newline - buffer_.get()) + 1;
      return true;
    }
  }
}

std::uint64_t LineWindow::size_bound() const {
  return source_->size_bound() + (filled_ - lines_end_) + 1;
}

bool has_gzip_magic(const char* data, std::size_t size) noexcept {
  return size >= 2 && static_cast<unsigned char>(data[0]) == 0x1f &&
         static_cast<unsigned char>(data[1]) == 0x8b;
}

void advise_huge_pages(const void* data, std::size_t bytes) noexcept {
  constexpr std::uintptr_t huge_page = std::uintptr_t{2} << 20;
  if (bytes < 2 * huge_page) return;
  const auto first = (reinterpret_cast<std::uintptr_t>(data) + huge_page - 1) & ~(huge_page - 1);
  const auto last = (reinterpret_cast<std::uintptr_t>(data) + bytes) & ~(huge_page - 1);
  if (last > first) ::madvise(reinterpret_cast<void*>(first), last - first, MADV_HUGEPAGE);
}

bool ends_with(const std::string& text, const std::string& suffix) noexcept {
  return text.size() >= suffix.size() &&
         text.compare(text.size() - suffix.size(), suffix.size(), suffix) == 0;
}

TextWriter::TextWriter(const std::string& path) : path_(path) {
  buffer_ = allocate(capacity_, "the output buffer");
  if (ends_with(path, ".gz")) {
    errno = 0;
    gzFile file = gzopen(path.c_str(), "wb6");
    if (file == nullptr) {
      fail_file("cannot create '" + path +
                "': " + (errno != 0 ? system_reason() : std::string("out of memory")));
    }
    gzip_ = file;
  } else {
    plain_ = std::fopen(path.c_str(), "wb");
    if (plain_ == nullptr) fail_file("cannot create '" + path + "': " + system_reason());
  }
}

TextWriter::~TextWriter() {
  // Reached with the file still open only when writing failed part way: do not leave a
  // truncated file behind that a later read would take for a whole one.
  if (plain_ != nullptr || gzip_ != nullptr) {
    if (plain_ != nullptr) std::fclose(plain_);
    if (gzip_ != nullptr) gzclose(static_cast<gzFile>(gzip_));
    std::remove(path_.c_str());
  }
}

void TextWriter::write_through(const char* data, std::size_t size) {
  while (size > 0) {
    const std::size_t piece = std::min(size, zlib_piece);
    if (plain_ != nullptr) {
      if (std::fwrite(data, 1, piece, plain_) != piece) {
        fail_file("cannot write '" + path_ + "': " + system_reason());
      }
    } else {
      auto* file = static_cast<gzFile>(gzip_);
      if (gzwrite(file, data, static_cast<unsigned>(piece)) != static_cast<int>(piece)) {
        int code = 0;
        const char* message = gzerror(file, &code);
        fail_file("cannot write '" + path_ +
                  "': " + (code == Z_ERRNO ? system_reason() : std::string(message)));
      }
    }
    data += piece;
    size -= piece;
  }
}

void TextWriter::flush() {
  write_through(buffer_.get(), used_);
  used_ = 0;
}

void TextWriter::close() {
  flush();
  if (plain_ != nullptr) {
    std::FILE* file = plain_;
    plain_ = nullptr;
    if (std::fclose(file) != 0) {
      const std::string reason = system_reason();
      std::remove(path_.c_str());
      fail_file("cannot write '" + path_ + "': " + reason);
    }
  } else if (gzip_ != nullptr) {
    auto* file = static_cast<gzFile>(gzip_);
    gzip_ = nullptr;
    const int status = gzclose(file);
    if (status != Z_OK) {
      const std::string reason = status == Z_ERRNO ? system_reason() : "zlib error";
      std::remove(path_.c_str());
      fail_file("cannot write '" + path_ + "': " + reason);
    }
  }
}

}  // namespace io_detail
}  // namespace lupine
