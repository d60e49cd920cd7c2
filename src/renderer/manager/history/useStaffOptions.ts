import { useEffect, useState } from 'react';
import { useServices } from '../../stores/context';

/** Everybody who has worked on this till (those who left too), for a "who" filter: "" is anyone. */
export function useStaffOptions(anyone = 'Anyone'): { value: string; label: string }[] {
  const { api } = useServices();
  const [staff, setStaff] = useState<{ value: string; label: string }[]>([]);
  useEffect(() => {
    let live = true;
    void api.invoke('staff.list', { includeInactive: true }).then((result) => {
      if (live && result.ok) setStaff(result.data.map((s) => ({ value: s.id, label: s.active ? s.name : `${s.name} (left)` })));
    });
    return () => {
      live = false;
    };
  }, [api]);
  return [{ value: '', label: anyone }, ...staff];
}
