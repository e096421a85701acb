import { createElement } from "react";
import { createRoot } from "react-dom/client";
import "zmp-ui/zaui.css";
import "./styles/app.css";
import { App } from "./app.tsx";
import { insideZalo } from "./platform/zalo-platform.ts";

// Outside Zalo the icon font cannot load (it comes from Zalo's CDN): hide any stray ligature text.
document.documentElement.classList.toggle("outside-zalo", !insideZalo);

const container = document.getElementById("app");
if (!container) throw new Error("#app is missing from index.html");
createRoot(container).render(createElement(App));
