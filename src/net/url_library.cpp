// Boost.URL ships as a compiled library we do not otherwise install; compile it into ours once.
#include <boost/url/src.hpp>
