# Architecture rules from DEVELOPERS.md, enforced at configure time:
#   training/ links libtorch and never Qt; core/ never links libtorch or Qt Widgets/Gui.
#   training/formats/ (surgdistill_formats: safetensors, bounded JSON input,
#   atomic file writes) links neither libtorch nor Qt, and it is the one part of
#   training/ that core/ may link.
function(_surgdistill_collect_links target out)
  get_target_property(libs ${target} LINK_LIBRARIES)
  get_target_property(ilibs ${target} INTERFACE_LINK_LIBRARIES)
  set(all "")
  foreach(l IN LISTS libs ilibs)
    if(l)
      string(REGEX REPLACE "^\\$<LINK_ONLY:(.*)>$" "\\1" l "${l}") # a static library's PRIVATE links
      list(APPEND all "${l}")
    endif()
  endforeach()
  set(${out} "${all}" PARENT_SCOPE)
endfunction()

function(surgdistill_check_layer_rules)
  if(TARGET surgdistill_training)
    _surgdistill_collect_links(surgdistill_training links)
    foreach(l IN LISTS links)
      if(l MATCHES "Qt[56]?::|Qt[56]?[A-Z]|surgdistill_core|surgdistill_ui")
        message(FATAL_ERROR "Layer rule broken: training/ must not link Qt or core/ (found '${l}')")
      endif()
    endforeach()
  endif()
  if(TARGET surgdistill_formats)
    _surgdistill_collect_links(surgdistill_formats links)
    foreach(l IN LISTS links)
      if(l MATCHES "torch|c10|Qt[56]?::|Qt[56]?[A-Z]|surgdistill_")
        message(FATAL_ERROR "Layer rule broken: training/formats/ must link neither libtorch, Qt nor another "
                            "surgdistill library (found '${l}')")
      endif()
    endforeach()
  endif()
  if(TARGET surgdistill_core)
    _surgdistill_collect_links(surgdistill_core links)
    foreach(l IN LISTS links)
      if(l MATCHES "torch|c10|Qt[56]?::(Widgets|Gui)|surgdistill_ui"
         OR (l MATCHES "surgdistill_" AND NOT l MATCHES "^surgdistill_formats$"))
        message(FATAL_ERROR "Layer rule broken: core/ must not link libtorch, Qt Widgets/Gui or training/ "
                            "other than training/formats/ (found '${l}')")
      endif()
    endforeach()
  endif()
endfunction()

# ui/ is split into feature folders that mirror core/. A feature folder never
# includes another one: only workspace/ (the shell) includes features, and any
# folder may include the shared widgets/. Checked on the #include lines, so a
# violation fails at configure time, before anything compiles.
function(surgdistill_check_ui_feature_rules ui_dir)
  set(features workspace frames annotation teacher model eval widgets)
  file(GLOB loose LIST_DIRECTORIES false "${ui_dir}/*.cpp" "${ui_dir}/*.h")
  if(loose)
    message(FATAL_ERROR "UI rule broken: every ui/ source lives in a feature folder (${features}); found ${loose}")
  endif()
  file(GLOB_RECURSE sources "${ui_dir}/*.cpp" "${ui_dir}/*.h")
  foreach(src IN LISTS sources)
    file(RELATIVE_PATH rel "${ui_dir}" "${src}")
    string(REGEX MATCH "^[^/]+" own "${rel}")
    if(NOT own IN_LIST features)
      message(FATAL_ERROR "UI rule broken: ui/${rel} is not in a feature folder (${features})")
    endif()
    file(STRINGS "${src}" includes REGEX "^[ \t]*#[ \t]*include[ \t]*\"")
    foreach(line IN LISTS includes)
      string(REGEX REPLACE "^[^\"]*\"([^\"]*)\".*$" "\\1" inc "${line}")
      if(inc MATCHES "\\.\\./")
        message(FATAL_ERROR "UI rule broken: ui/${rel} includes '${inc}' by a relative path; name the folder instead")
      endif()
      string(REGEX MATCH "^[^/]+" folder "${inc}")
      if(NOT inc MATCHES "/" OR NOT folder IN_LIST features OR NOT EXISTS "${ui_dir}/${inc}")
        continue() # same folder, core/ or training/ (core has teacher/ and eval/ too)
      endif()
      if(folder STREQUAL own OR folder STREQUAL "widgets" OR own STREQUAL "workspace")
        continue()
      endif()
      message(FATAL_ERROR "UI rule broken: ui/${rel} includes '${inc}': feature folders never include each other "
                          "(only workspace/ includes features; any folder may include widgets/)")
    endforeach()
  endforeach()
endfunction()
