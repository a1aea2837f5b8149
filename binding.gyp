{
  "targets": [
    {
      "target_name": "kerats_native",
      "sources": [
        "<!@(node -e \"const fs=require('fs');const p=require('path');const walk=d=>fs.readdirSync(d,{withFileTypes:true}).flatMap(e=>e.isDirectory()?walk(p.join(d,e.name)):e.name.endsWith('.cc')?[p.join(d,e.name)]:[]);console.log(walk('native/src').join(' '))\")"
      ],
      "include_dirs": ["native/src"],
      "defines": ["NAPI_VERSION=8"],
      "cflags!": ["-fno-exceptions"],
      "cflags_cc!": ["-fno-exceptions", "-std=gnu++17"],
      "cflags_cc": ["-std=c++17", "-O3", "-ffp-contract=off", "-fno-math-errno", "-fvisibility=hidden", "-Wno-psabi"],
      "cflags": ["-O3", "-ffp-contract=off"],
      "ldflags": ["-pthread"]
    }
  ]
}
