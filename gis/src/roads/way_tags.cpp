// OSM way tags: which highway classes are travelled, the other_tags field of GDAL's OSM driver
// and whether a way is usable by a travel profile.
#include <xw/gis/road_network.hpp>

#include <algorithm>
#include <array>
#include <initializer_list>

namespace xw::gis {

bool isTravelledHighway(std::string_view highway) {
    static constexpr std::array<std::string_view, 22> kKept = {
        "motorway",     "motorway_link", "trunk",          "trunk_link", "primary",
        "primary_link", "secondary",     "secondary_link", "tertiary",   "tertiary_link",
        "unclassified", "residential",   "living_street",  "service",    "pedestrian",
        "track",        "road",          "footway",        "path",       "steps",
        "cycleway",     "bridleway"};
    return std::find(kKept.begin(), kKept.end(), highway) != kKept.end();
}

std::map<std::string, std::string> parseOtherTags(std::string_view text) {
    std::map<std::string, std::string> out;
    std::size_t i = 0;
    const auto quotedString = [&](std::string& value) {
        if (i >= text.size() || text[i] != '"')
            return false;
        ++i;
        value.clear();
        while (i < text.size() && text[i] != '"') {
            if (text[i] == '\\' && i + 1 < text.size())
                ++i;
            value.push_back(text[i++]);
        }
        if (i >= text.size())
            return false;
        ++i; // closing quote
        return true;
    };
    std::string key, value;
    while (i < text.size()) {
        while (i < text.size() && (text[i] == ' ' || text[i] == ','))
            ++i;
        if (i >= text.size() || !quotedString(key))
            break;
        while (i < text.size() && text[i] == ' ')
            ++i;
        if (text.substr(i, 2) != "=>")
            break;
        i += 2;
        while (i < text.size() && text[i] == ' ')
            ++i;
        if (!quotedString(value))
            break;
        out[key] = value;
    }
    return out;
}

std::optional<std::string> wayVerdict(core::TravelProfile profile, const WayTags& way) {
    const auto tag = [&](const char* key) {
        const auto it = way.other.find(key);
        return it == way.other.end() ? std::string() : it->second;
    };
    const auto oneOf = [](const std::string& v, std::initializer_list<std::string_view> values) {
        return std::find(values.begin(), values.end(), v) != values.end();
    };
    const std::string& h = way.highway;
    const std::string access = tag("access");
    const bool accessClosed = oneOf(access, {"no", "private"});
    const bool motorroad = tag("motorroad") == "yes";
    switch (profile) {
    case core::TravelProfile::Walk: {
        const std::string foot = tag("foot");
        const bool footAllowed = oneOf(foot, {"yes", "designated", "permissive"});
        if (h == "motorway" || h == "motorway_link")
            return h;
        if (oneOf(foot, {"no", "use_sidepath"}))
            return "foot=" + foot;
        if (accessClosed && !footAllowed)
            return "access=" + access;
        if (motorroad && !footAllowed)
            return std::string("motorroad=yes");
        if (h == "trunk" || h == "trunk_link") {
            if (footAllowed || oneOf(tag("sidewalk"), {"both", "left", "right", "yes"}))
                return std::nullopt;
            return h + " (no sidewalk)";
        }
        if (oneOf(h,
                  {"footway", "path", "steps", "pedestrian", "living_street", "residential",
                   "service", "unclassified", "track", "road", "cycleway", "bridleway", "primary",
                   "primary_link", "secondary", "secondary_link", "tertiary", "tertiary_link"}))
            return std::nullopt;
        return std::string("not a walking way");
    }
    case core::TravelProfile::Cycle: {
        const std::string bicycle = tag("bicycle");
        const bool bikeAllowed = oneOf(bicycle, {"yes", "designated", "permissive"});
        if (h == "motorway" || h == "motorway_link" || h == "steps")
            return h;
        if (bicycle == "no" || bicycle == "use_sidepath")
            return "bicycle=" + bicycle;
        if (accessClosed && !bikeAllowed)
            return "access=" + access;
        if (motorroad && !bikeAllowed)
            return std::string("motorroad=yes");
        if (h == "footway" || h == "pedestrian")
            return bikeAllowed ? std::nullopt : std::optional<std::string>(h + " (no bicycle)");
        if (oneOf(h,
                  {"trunk", "trunk_link", "primary", "primary_link", "secondary", "secondary_link",
                   "tertiary", "tertiary_link", "unclassified", "residential", "living_street",
                   "service", "track", "road", "cycleway", "path", "bridleway"}))
            return std::nullopt;
        return std::string("not a cycling way");
    }
    case core::TravelProfile::Bus: {
        if (accessClosed)
            return "access=" + access;
        if (tag("motor_vehicle") == "no")
            return std::string("motor_vehicle=no");
        if (oneOf(h, {"motorway", "motorway_link", "trunk", "trunk_link", "primary", "primary_link",
                      "secondary", "secondary_link", "tertiary", "tertiary_link", "unclassified",
                      "residential", "living_street", "service", "road"}))
            return std::nullopt;
        return std::string("not a road for vehicles");
    }
    }
    return std::string("unknown profile");
}

} // namespace xw::gis
