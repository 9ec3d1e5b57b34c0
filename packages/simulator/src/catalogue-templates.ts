// The kinds of images the real public catalogue holds (Linux distributions, Windows server and desktop,
// Solaris, vendor tools), as `<Family>/<Sub>/<file>` triples. A few names deliberately carry spaces,
// quotes, `%` and `_`, because those break naive filter and URL handling.

export interface CatalogueTemplate {
  family: string;
  sub: string;
  file: string;
}

type Expand = (version: string) => [sub: string, file: string][];

function series(family: string, versions: string[], expand: Expand): CatalogueTemplate[] {
  return versions.flatMap((v) => expand(v).map(([sub, file]) => ({ family, sub, file })));
}

/** Every distinct image the generator draws from, in a fixed order (the seed shuffles it). */
export const CATALOGUE_TEMPLATES: readonly CatalogueTemplate[] = [
  ...series(
    "Linux",
    ["6.9", "6.10", "7.6.1810", "7.7.1908", "7.8.2003", "7.9.2009", "8.4.2105", "8.5.2111"],
    (v) => [
      ["CentOS", `CentOS-${v}-x86_64-Minimal.iso`],
      ["CentOS", `CentOS-${v}-x86_64-DVD.iso`],
    ],
  ),
  ...series("Linux", ["8", "9"], (v) => [["CentOS", `CentOS-Stream-${v}-latest-x86_64-dvd1.iso`]]),
  ...series(
    "Linux",
    [
      "14.04.6",
      "16.04.7",
      "18.04.5",
      "18.04.6",
      "20.04.5",
      "20.04.6",
      "22.04.3",
      "22.04.4",
      "23.10",
      "24.04.1",
    ],
    (v) => [
      ["Ubuntu", `ubuntu-${v}-live-server-amd64.iso`],
      ["Ubuntu", `ubuntu-${v}-desktop-amd64.iso`],
    ],
  ),
  ...series(
    "Linux",
    ["8.11.1", "9.13.0", "10.10.0", "10.13.0", "11.8.0", "11.9.0", "12.4.0", "12.7.0"],
    (v) => [
      ["Debian", `debian-${v}-amd64-netinst.iso`],
      ["Debian", `debian-${v}-amd64-DVD-1.iso`],
    ],
  ),
  ...series("Linux", ["7.6", "7.8", "7.9", "8.6", "8.8", "8.10", "9.0", "9.2", "9.4"], (v) => [
    ["RHEL", `rhel-server-${v}-x86_64-dvd.iso`],
    ["RHEL", `rhel-${v}-x86_64-boot.iso`],
  ]),
  ...series("Linux", ["8.6", "8.8", "8.9", "8.10", "9.1", "9.3", "9.4"], (v) => [
    ["Rocky", `Rocky-${v}-x86_64-minimal.iso`],
    ["Rocky", `Rocky-${v}-x86_64-dvd.iso`],
  ]),
  ...series("Linux", ["8.7", "8.9", "9.1", "9.3", "9.4"], (v) => [
    ["Alma", `AlmaLinux-${v}-x86_64-boot.iso`],
    ["Alma", `AlmaLinux-${v}-x86_64-dvd.iso`],
  ]),
  ...series("Linux", ["35", "36", "37", "38", "39", "40"], (v) => [
    ["Fedora", `Fedora-Server-dvd-x86_64-${v}-1.6.iso`],
    ["Fedora", `Fedora-Workstation-Live-x86_64-${v}-1.14.iso`],
  ]),
  ...series("Linux", ["12-SP5", "15-SP4", "15-SP5"], (v) => [["SUSE", `SLE-${v}-Full-x86_64-GM-Media1.iso`]]),
  ...series("Linux", ["15.4", "15.5"], (v) => [["SUSE", `openSUSE-Leap-${v}-DVD-x86_64-Media.iso`]]),
  ...series("Linux", ["3.19.1", "3.20.0"], (v) => [["Alpine", `alpine-virt-${v}-x86_64.iso`]]),
  ...series("Linux", ["9.3", "9.4"], (v) => [
    ["OracleLinux", `OracleLinux-R${v.replace(".", "-U")}-x86_64-dvd.iso`],
  ]),
  ...series("Linux", ["20.3", "21.2", "21.3"], (v) => [
    ["Mint", `linuxmint-${v}-cinnamon-64bit.iso`],
    ["Mint", `linuxmint-${v}-xfce-64bit.iso`],
  ]),
  ...series("Linux", ["2023.4", "2024.1", "2024.2"], (v) => [
    ["Kali", `kali-linux-${v}-installer-amd64.iso`],
  ]),
  ...series("BSD", ["13.2", "14.0", "14.1"], (v) => [["FreeBSD", `FreeBSD-${v}-RELEASE-amd64-disc1.iso`]]),
  ...series("Windows", ["1809", "1909", "21H2", "22H2"], (v) => [["Win10", `Win10_${v}_English_x64.iso`]]),
  ...series("Windows", ["21H2", "22H2", "23H2"], (v) => [["Win11", `Win11_${v}_English_x64v2.iso`]]),
  ...series("Tools", ["7.4-1", "8.1-2", "8.2-1"], (v) => [["Proxmox", `proxmox-ve_${v}.iso`]]),
  { family: "Tools", sub: "HPE", file: "SPP_2023.09.00.00.iso" },
  { family: "Tools", sub: "Dell", file: "OM-SrvAdmin-Dell-Web-WINX64-11.0.0.0.iso" },
  { family: "Windows", sub: "Win2003", file: "MS_Win2003std_R2_SP2_DISK1.iso" },
  { family: "Windows", sub: "Win2003", file: "MS_Win2003std_R2_SP2_DISK2.iso" },
  { family: "Windows", sub: "Win2008", file: "en_windows_server_2008_r2_with_sp1_x64_dvd_617601.iso" },
  ...series("Windows", ["2012_R2", "2016", "2019", "2022", "2025"], (v) => [
    [`Server${v.replace("_", "")}`, `en_windows_server_${v.toLowerCase()}_x64_dvd.iso`],
    [`Server${v.replace("_", "")}`, `SW_DVD9_Win_Server_STD_CORE_${v}_64Bit_English_OEM.ISO.iso`],
    [`Server${v.replace("_", "")}`, `fr_windows_server_${v.toLowerCase()}_x64_dvd.iso`],
  ]),
  ...series("Windows", ["7", "8.1", "10", "11"], (v) => [
    [`Win${v}`, `en_windows_${v.replace(".", "_")}_enterprise_x64_dvd.iso`],
    [`Win${v}`, `Win${v}_English_x64.iso`],
    [`Win${v}`, `fr_windows_${v.replace(".", "_")}_enterprise_x64_dvd.iso`],
  ]),
  { family: "Windows", sub: "Win10", file: "Windows 10 Enterprise LTSC (x64).iso" },
  { family: "Windows", sub: "Win11", file: 'Win11 23H2 "Education" edition.iso' },
  ...series("Solaris", ["10", "11.3", "11.4"], (v) => [
    [v.split(".")[0] ?? v, `sol-${v.replace(".", "_")}-text-x86.iso`],
    [v.split(".")[0] ?? v, `sol-${v.replace(".", "_")}-ai-x86.iso`],
  ]),
  ...series("Tools", ["2012", "2014", "2016", "2017", "2019", "2022"], (v) => [
    ["SQLServer", `SQLServer${v}-x64-ENU.iso`],
    ["SQLServer", `en_sql_server_${v}_standard_x64_dvd.iso`],
  ]),
  { family: "Tools", sub: "SQLServer", file: 'SQL Server 2019 "Developer" Edition.iso' },
  ...series(
    "Tools",
    ["10.2.5", "10.3.25", "11.0.6", "11.2.5", "11.3.5", "12.0.6", "12.1.5", "12.2.0", "12.3.0", "12.4.5"],
    (v) => [
      ["VMware", `VMware-tools-windows-${v}.iso`],
      ["VMware", `VMware-tools-linux-${v}.iso`],
    ],
  ),
  ...series("Tools", ["1.5.0-1", "1.6.0-1"], (v) => [["GParted", `gparted-live-${v}-amd64.iso`]]),
  ...series("Tools", ["10.01", "11.00"], (v) => [["SystemRescue", `systemrescue-${v}-amd64.iso`]]),
  ...series("Tools", ["3.1.2-22", "3.1.3-16"], (v) => [["Clonezilla", `clonezilla-live-${v}-amd64.iso`]]),
  { family: "Tools", sub: "Memtest", file: "mt86plus_7.00_64.iso" },
  { family: "Tools", sub: "Utilities", file: "O'Reilly Linux Toolkit.iso" },
  { family: "Tools", sub: "Utilities", file: "100%_Free_Rescue.iso" },
  { family: "Tools", sub: "Utilities", file: "boot_repair disk v2.iso" },
  { family: "Tools", sub: "VirtIO", file: "virtio-win-0.1.240.iso" },
  { family: "Tools", sub: "VirtIO", file: "virtio-win-0.1.248.iso" },
  { family: "Tools", sub: "Veeam", file: "VeeamBackup&Replication_12.1.0.2131.iso" },
];
