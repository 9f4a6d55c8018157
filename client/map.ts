// The directory's map: an enhancement over the list of results, drawn only when the browser is online.
import L from 'leaflet';

interface Point {
  lat: number;
  lon: number;
  name: string;
  href: string;
}

const el = document.querySelector<HTMLElement>('[data-directory-map]');
const points = el ? (JSON.parse(el.dataset.points ?? '[]') as Point[]) : [];
if (el && points.length && navigator.onLine) {
  el.hidden = false;
  const map = L.map(el.querySelector<HTMLElement>('.directory-map__canvas')!, { scrollWheelZoom: false });
  L.tileLayer('https://tile.openstreetmap.org/{z}/{x}/{y}.png', { maxZoom: 19, attribution: '&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a>' }).addTo(map);
  for (const p of points) {
    // The popup is built from elements, never from HTML strings: names come from the directory's entries.
    const link = document.createElement('a');
    link.href = p.href;
    link.textContent = p.name;
    L.circleMarker([p.lat, p.lon], { radius: 8, color: '#0b5d7a', weight: 2, fillOpacity: 0.6 }).bindPopup(link).addTo(map);
  }
  map.fitBounds(L.latLngBounds(points.map((p) => [p.lat, p.lon] as [number, number])), { padding: [24, 24], maxZoom: 14 });
}
