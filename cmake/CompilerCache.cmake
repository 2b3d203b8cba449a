# Use ccache when it is installed: libtorch headers make a cold build slow.
find_program(SURGDISTILL_CCACHE ccache)
if(SURGDISTILL_CCACHE AND NOT CMAKE_CXX_COMPILER_LAUNCHER)
  set(CMAKE_CXX_COMPILER_LAUNCHER "${SURGDISTILL_CCACHE}")
  # Precompiled headers need these to be cacheable.
  set(ENV{CCACHE_SLOPPINESS} "pch_defines,time_macros,include_file_mtime,include_file_ctime")
  message(STATUS "ccache: ${SURGDISTILL_CCACHE}")
endif()
