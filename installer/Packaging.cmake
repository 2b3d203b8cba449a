# CPack: a Debian package with the binary, desktop entry, icon and AppStream metainfo.
# `cpack -G DEB` in the build folder; dependencies are Debian's package names.
install(FILES ${CMAKE_CURRENT_LIST_DIR}/surgdistill.desktop DESTINATION share/applications
        RENAME org.surgdistill.SurgDistill.desktop)
install(FILES ${CMAKE_CURRENT_LIST_DIR}/surgdistill.svg DESTINATION share/icons/hicolor/scalable/apps
        RENAME org.surgdistill.SurgDistill.svg)
install(FILES ${CMAKE_CURRENT_LIST_DIR}/org.surgdistill.SurgDistill.metainfo.xml DESTINATION share/metainfo)

set(CPACK_PACKAGE_NAME "surgdistill")
set(CPACK_PACKAGE_VENDOR "SurgDistill")
set(CPACK_PACKAGE_CONTACT "SurgDistill developers <surgdistill@localhost>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "Private distillation of a local surgical vision-language model")
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_DEBIAN_PACKAGE_SECTION "science")
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_DEPENDS
    "libqt6core6, libqt6gui6, libqt6widgets6, libqt6sql6, libqt6sql6-sqlite, libqt6network6, libqt6concurrent6, libqt6printsupport6, libqcustomplot2.1-qt6, libtorch1.13, libopencv-core406, libopencv-imgproc406, libopencv-imgcodecs406, libopencv-videoio406, libutf8proc2, libqt6keychain1")
# Debian's libtorch otherwise runs on the slow reference BLAS.
set(CPACK_DEBIAN_PACKAGE_RECOMMENDS "libopenblas0-pthread")
set(CPACK_GENERATOR "DEB")
include(CPack)
