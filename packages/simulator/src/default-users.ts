// Demo accounts. The passwords are for local tests only; the simulator never prints them.
import type { SimUser } from "./types.js";

export const DEFAULT_USERS: SimUser[] = [
  {
    username: "alice",
    password: "alice-password",
    personal: [
      { name: "alice-tools.iso", created_on: "2023-03-10 09:15:00 EST" },
      { name: "ubuntu-22.04-custom.iso", created_on: "2023-07-04 Tue 14:02:33 EDT" },
    ],
    // One more file than the listing, so a demo sync visibly adds an item.
    files: [
      { name: "alice-tools.iso", created_on: "2023-03-10 09:15:00 EST" },
      { name: "ubuntu-22.04-custom.iso", created_on: "2023-07-04 Tue 14:02:33 EDT" },
      { name: "win11-lab image.iso", created_on: "2024-01-15 11:00:00 EST" },
    ],
  },
  { username: "bob", password: "bob-password", otp: "123456", personal: [] },
];
