# Use ccache when it is installed: libtorch headers make a cold build slow.
# The settings travel in the launcher command because ENV{} set here would only
# apply while CMake configures, not while Ninja compiles. base_dir makes cache
# keys independent of where the checkout lives (fresh clones, worktrees).
find_program(SURGDISTILL_CCACHE ccache)
if(SURGDISTILL_CCACHE AND NOT CMAKE_CXX_COMPILER_LAUNCHER)
  set(CMAKE_CXX_COMPILER_LAUNCHER
      "${CMAKE_COMMAND}" -E env
      "CCACHE_SLOPPINESS=pch_defines,time_macros,include_file_mtime,include_file_ctime"
      "CCACHE_BASEDIR=${CMAKE_SOURCE_DIR}"
      "${SURGDISTILL_CCACHE}")
  message(STATUS "ccache: ${SURGDISTILL_CCACHE}")
endif()
