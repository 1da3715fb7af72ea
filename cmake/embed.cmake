# Turns a text file into a C++ source defining cc::http::kDevPage as a string_view.
file(READ ${INPUT} content HEX)
string(REGEX REPLACE "([0-9a-f][0-9a-f])" "'\\\\x\\1'," bytes "${content}")
file(WRITE ${OUTPUT} "#include <string_view>\nnamespace cc::http {\nstatic constexpr char kDevPageBytes[] = {${bytes} 0};\nextern const std::string_view kDevPage{kDevPageBytes, sizeof(kDevPageBytes) - 1};\n}\n")
