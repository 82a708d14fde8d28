"""The GeoNames country dump format (``LY.txt``, ``cities500.txt`` rows): 19 tab-separated columns,
no header."""

from __future__ import annotations

from collections.abc import Iterator

from gazetteer.errors import GazetteerFileError
from gazetteer.place import Place
from gazetteer.sources._common import (
    LY_ADMIN1,
    dedupe,
    keep_alternate_name,
    parse_coordinate,
    parse_population,
    read_utf8,
    settlement_kind,
)
from gazetteer.sources.base import FileSource

N_COLUMNS = 19

# Feature code -> kind.  Populated places (PPL*) are sized by population instead, except the seats.
FEATURE_KINDS: dict[str, str] = {
    "PPLC": "city",
    "PPLA": "city",
    "PPLX": "neighbourhood",
    "PPLF": "village",
    "PPLL": "village",
    "ADM1": "district",
    "ADM2": "district",
    "ADMD": "district",
    "AIRP": "airport",
    "AIRF": "airport",
    "AIRH": "airport",
    "AIRB": "air_base",
    "MILB": "military_base",
    "PRT": "port",
    "PT": "port",
    "HBR": "port",
    "OILT": "oil_terminal",
    "OILF": "oil_field",
    "OILW": "oil_field",
    "OILR": "landmark",
    "OILP": "landmark",
    "PSTB": "crossing",
    "BDGQ": "crossing",
    "WAD": "wadi",
    "WADB": "wadi",
    "WADJ": "wadi",
    "WADM": "wadi",
    "WADS": "wadi",
    "WADX": "wadi",
    "MT": "mountain",
    "MTS": "mountain",
    "HLL": "mountain",
    "HLLS": "mountain",
    "PK": "mountain",
    "PKS": "mountain",
    "PLAT": "mountain",
    "ESCP": "mountain",
    "OAS": "oasis",
    "ISL": "island",
    "ISLS": "island",
    "RGN": "region",
    "RGNE": "region",
    "AREA": "region",
    "DSRT": "region",
    "PLN": "region",
    "DPR": "region",
    "RD": "road",
    "RDJCT": "road",
    "RDCR": "road",
    "TNL": "road",
    "RUIN": "landmark",
    "ANS": "landmark",
    "CSTL": "landmark",
    "FT": "landmark",
    "WLL": "landmark",
    "WLLS": "landmark",
    "SPNG": "landmark",
    "DAM": "landmark",
    "PS": "landmark",
    "PSH": "landmark",
    "HSP": "landmark",
    "UNIV": "landmark",
    "PRN": "landmark",
    "STDM": "landmark",
    "BLDG": "landmark",
    "MKT": "landmark",
    "ZOO": "landmark",
}
# Historical or abandoned features would resolve today's news to places that are gone.
SKIPPED_CODES = {"PPLH", "PPLQ", "PPLW", "ADM1H", "ADM2H", "PCLH", "HSTS"}


def feature_kind(feature_class: str, code: str, population: int | None) -> str | None:
    if code in SKIPPED_CODES:
        return None
    if code in FEATURE_KINDS:
        return FEATURE_KINDS[code]
    if feature_class == "P":
        return settlement_kind(population)
    if code.startswith("PCL"):
        return "country"
    return None


class GeonamesDumpSource(FileSource):
    """Reads a GeoNames dump file; ids ``geonames:GEONAMEID``."""

    name = "geonames"


    def places(self) -> Iterator[Place]:
        path = str(self.path)
        text = read_utf8(self.path)
        for line_no, line in enumerate(text.splitlines(), start=1):
            if not line.strip() or line.startswith("#"):
                continue
            cols = line.split("\t")
            if len(cols) != N_COLUMNS:
                raise GazetteerFileError(
                    path,
                    f"{len(cols)} tab-separated columns, the GeoNames dump format has {N_COLUMNS}",
                    line_no,
                )
            gid = cols[0].strip()
            if not gid.isdigit():
                raise GazetteerFileError(path, f"geonameid {gid[:30]!r} is not a number", line_no)
            lat = parse_coordinate(cols[4], "lat", path, line_no)
            lon = parse_coordinate(cols[5], "lon", path, line_no)
            pop = parse_population(cols[14], path, line_no)
            fclass, code = cols[6].strip(), cols[7].strip()
            kind = feature_kind(fclass, code, pop)
            if kind is None:
                continue
            country = cols[8].strip().upper() or "LY"
            name = cols[1].strip()
            alternates = [n for n in cols[3].split(",") if keep_alternate_name(n)]
            names = dedupe([name, cols[2].strip(), *alternates])
            arabic = [n for n in names if any("\u0600" <= ch <= "\u06ff" for ch in n)]
            admin1 = LY_ADMIN1.get(cols[10].strip()) if country == "LY" else None
            yield Place(
                id=f"geonames:{gid}",
                name=name or cols[2].strip(),
                lat=lat,
                lon=lon,
                kind=kind,
                country=country,
                name_ar=arabic[0] if arabic else None,
                names=names,
                admin1=admin1,
                population=pop,
                source=self.name,
                provenance=(f"geonames:{gid}",),
            )
