// What uploading a folder sends: its files (recursively, in a stable order), the object key of
// each, its content type, and the few text helpers every store shares (percent-encoding a key,
// reading a byte size such as "16MiB").
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.h"

namespace genai::upload {

struct LocalFile {
  std::string path;      // on disk
  std::string relative;  // to the folder, '/'-separated
  uint64_t size = 0;
};

// Every regular file under `folder` (symbolic links are followed to files, not into folders),
// sorted by relative path. An error names the folder.
Result<std::vector<LocalFile>> list_folder_files(const std::string& folder);

// "{prefix}/{folder_name}/{relative}", with the prefix's own leading and trailing slashes dropped;
// an empty prefix gives "{folder_name}/{relative}". Python genai-bench leaves out the folder's name,
// so two experiments under one prefix overwrite each other's files; we keep them apart.
std::string object_key(std::string_view prefix, std::string_view folder_name, std::string_view relative);

// The folder's own name (its last path component, "." and trailing slashes resolved).
std::string folder_name(const std::string& folder);

// By extension: what a browser or the providers' consoles need to show the file (json, jsonl,
// csv, html, png, svg, xlsx, text), else application/octet-stream.
std::string_view content_type_for(std::string_view path);

// RFC 3986 percent-encoding of every byte but the unreserved ones (A-Z a-z 0-9 - . _ ~), and of
// '/' too unless `keep_slash`: object keys in URL paths keep their slashes, query values do not.
std::string percent_encode(std::string_view text, bool keep_slash);

// "16MiB", "5MB", "1048576", "8KiB": bytes. Units KB/MB/GB are powers of 1000, KiB/MiB/GiB of 1024.
Result<uint64_t> parse_byte_size(std::string_view text);

// Reads `file` one part of `part_size` bytes at a time (the last may be shorter) and hands each
// to `send` with its number, from 1; stops at the first error (a read's or `send`'s) and returns it.
Status for_each_part(const LocalFile& file, uint64_t part_size,
                     const std::function<Status(int number, const std::string& bytes)>& send);

// Reads `length` bytes of `path` from `offset` (the whole rest when length is 0 and offset is 0).
Result<std::string> read_file_range(const std::string& path, uint64_t offset, uint64_t length);

}  // namespace genai::upload
