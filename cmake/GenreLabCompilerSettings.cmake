# Compiler settings shared by every GenreLab target.

find_program(CCACHE_PROGRAM ccache)
if(CCACHE_PROGRAM)
    set(CMAKE_CXX_COMPILER_LAUNCHER "${CCACHE_PROGRAM}")
    # Precompiled headers and ccache only cooperate with these sloppiness settings.
    set(ENV{CCACHE_SLOPPINESS} "pch_defines,time_macros,include_file_mtime,include_file_ctime")
endif()

add_library(genrelab_settings INTERFACE)
target_compile_options(genrelab_settings INTERFACE -Wall -Wextra -Wpedantic -Wno-unused-parameter)
target_compile_definitions(genrelab_settings INTERFACE
    # Qt's `slots`/`signals`/`emit` macros collide with names in LibTorch's headers.
    QT_NO_KEYWORDS
    QT_USE_QSTRINGBUILDER
    GENRELAB_VERSION="${PROJECT_VERSION}")

if(GENRELAB_SANITIZE)
    target_compile_options(genrelab_settings INTERFACE -fsanitize=${GENRELAB_SANITIZE} -fno-omit-frame-pointer)
    target_link_options(genrelab_settings INTERFACE -fsanitize=${GENRELAB_SANITIZE})
endif()
