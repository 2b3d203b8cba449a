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
# dpkg-shlibdeps derives the library packages from the binary's links; plugins loaded
# at run time (the SQLite driver) are not linked, so they are named here.
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_DEPENDS "libqt6sql6-sqlite")
# Debian's libtorch otherwise runs on the slow reference BLAS.
set(CPACK_DEBIAN_PACKAGE_RECOMMENDS "libopenblas0-pthread")
set(CPACK_GENERATOR "DEB")
include(CPack)
