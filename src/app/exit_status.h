// The process's exit statuses, as the README documents them for scripts.
#pragma once

namespace genai::app {

inline constexpr int kExitOk = 0;                  // the experiment ran: at least one request succeeded
inline constexpr int kExitSetupError = 1;          // could not start: a file, a server address, a folder
inline constexpr int kExitBadCommandLine = 2;      // a flag or value refused, before anything ran
inline constexpr int kExitNoRequestSucceeded = 3;  // it ran, and every request failed
inline constexpr int kExitResultsNotWritten = 4;   // records or reports could not be written
inline constexpr int kExitMissedStart = 5;         // --start-at: not ready by the start time + --start-grace
inline constexpr int kExitUploadFailed = 6;        // the experiment ran, but its upload failed (the folder is intact)
inline constexpr int kExitInternalError = 70;      // a bug: please report it
inline constexpr int kExitInterrupted = 130;       // Ctrl-C or SIGTERM

}  // namespace genai::app
